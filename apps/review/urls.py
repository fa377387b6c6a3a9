from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("claims/", views.queue, name="queue"),
    path("claims/bulk/", views.claims_bulk, name="claims_bulk"),
    path("claims/bulk/undo/", views.claims_bulk_undo, name="claims_bulk_undo"),
    path("claims/desk/advance/", views.desk_advance, name="desk_advance"),
    path("speakers/kind-guess/", views.speaker_kind_guess_view, name="speaker_kind_guess"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/confirm/", views.claim_confirm_view, name="claim_confirm"),
    path("claims/<int:pk>/flag/", views.claim_flag_view, name="claim_flag"),
    path("claims/<int:pk>/dismiss/", views.claim_dismiss_view, name="claim_dismiss"),
    path("claims/<int:pk>/reopen/", views.claim_reopen_view, name="claim_reopen"),
    path("claims/<int:pk>/undo/", views.claim_undo_view, name="claim_undo"),
    path("claims/<int:pk>/edit/", views.claim_edit_view, name="claim_edit"),
    path("claims/<int:pk>/notes/", views.claim_note_add, name="claim_note_add"),
    path("claims/<int:pk>/evidence/", views.claim_evidence_add, name="claim_evidence_add"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/status/", views.article_status, name="article_status"),
    path("articles/<int:pk>/claims/add/", views.article_claim_add, name="article_claim_add"),
    path("articles/<int:pk>/rerun/", views.article_rerun, name="article_rerun"),
    path("articles/<int:pk>/retry/", views.article_retry_view, name="article_retry"),
    path("articles/<int:pk>/text/", views.article_text_view, name="article_text"),
    path("articles/<int:pk>/delete/", views.article_delete_view, name="article_delete"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker"),
    path("speakers/<int:pk>/merge/", views.speaker_merge_view, name="speaker_merge"),
    path("submit/", views.submit, name="submit"),
]
