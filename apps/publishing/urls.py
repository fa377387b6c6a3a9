from django.urls import path

from . import views
from .api import api

app_name = "publishing"

urlpatterns = [
    path("claims/<int:pk>/claimreview.json", views.claimreview, name="claimreview"),
    path("claims/export.csv", views.claims_export, name="claims_export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("api/", api.urls),
]
