from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("claims/", views.queue, name="queue"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker"),
    path("submit/", views.submit, name="submit"),
]
