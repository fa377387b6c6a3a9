from django.urls import path

from . import api_docs, views
from .api import api

app_name = "publishing"

urlpatterns = [
    path("claims/<int:pk>/claimreview.json", views.claimreview, name="claimreview"),
    path("claims/export.csv", views.claims_export, name="claims_export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # before the API's own routes: /api/ (its index) and /api/docs (the readable reference)
    path("api/", api_docs.api_index, name="api_index"),
    path("api/docs", api_docs.api_docs, name="api_docs"),
    path("api/", api.urls),
]
