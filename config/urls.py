from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Claimtrack administration"
admin.site.site_title = "Claimtrack admin"
admin.site.index_title = "Sources, articles and claims"


def healthz(request):
    """For load balancers and compose healthchecks: the process answers and the database does too."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Pages without a <link rel=icon> (the admin, a JSON document) make the browser ask for /favicon.ico."""
    return RedirectView.as_view(url=static("favicon.svg"))(request)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", RedirectView.as_view(pattern_name="review:queue", permanent=False)),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("apps.review.urls")),
    path("", include("apps.similarity.urls")),
    path("", include("apps.accuracy.urls")),
    path("", include("apps.alerts.urls")),
    path("", include("apps.triage.urls")),
    path("", include("apps.publishing.urls")),
]

handler500 = "config.errors.server_error"
