from django.urls import path

from . import views

app_name = "similarity"

urlpatterns = [
    path("claims/<int:pk>/said-before/", views.said_before, name="said_before"),
    path("claims/<int:pk>/said-before/confirm/", views.link_confirm, name="link_confirm"),
    path("claims/<int:pk>/said-before/reject/", views.link_reject, name="link_reject"),
    path("claims/<int:pk>/said-before/carry-flag/", views.carry_flag, name="carry_flag"),
]
