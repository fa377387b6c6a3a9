from django.urls import path

from . import views

app_name = "triage"

urlpatterns = [
    path("accuracy/triage/", views.accuracy_section, name="accuracy"),
]
