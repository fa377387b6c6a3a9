from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Claimtrack administration"
admin.site.site_title = "Claimtrack admin"
admin.site.index_title = "Sources, articles and claims"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="review:queue", permanent=False)),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("apps.review.urls")),
]
