from django.urls import path

from . import views

app_name = "accuracy"

urlpatterns = [
    path("accuracy/", views.overview, name="overview"),
    path("accuracy/cases/", views.cases, name="cases"),
]
