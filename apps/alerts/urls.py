from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("follows/button/", views.follow_button, name="follow_button"),
    path("follows/add/", views.follow, name="follow"),
    path("follows/remove/", views.unfollow, name="unfollow"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/badge/", views.badge, name="badge"),
    path("notifications/digest/", views.digest_settings, name="digest_settings"),
    path("notifications/digests/<int:pk>/", views.digest_detail, name="digest"),
]
