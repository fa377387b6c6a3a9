from django.urls import path

from .views import article, claim, queue, speaker, submit

app_name = "review"

urlpatterns = [
    path("claims/", queue.queue, name="queue"),
    path("claims/bulk/", queue.claims_bulk, name="claims_bulk"),
    path("claims/bulk/undo/", queue.claims_bulk_undo, name="claims_bulk_undo"),
    path("claims/desk/advance/", queue.desk_advance, name="desk_advance"),
    path("speakers/kind-guess/", claim.speaker_kind_guess_view, name="speaker_kind_guess"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim"),
    path("claims/<int:pk>/confirm/", claim.claim_confirm_view, name="claim_confirm"),
    path("claims/<int:pk>/flag/", claim.claim_flag_view, name="claim_flag"),
    path("claims/<int:pk>/dismiss/", claim.claim_dismiss_view, name="claim_dismiss"),
    path("claims/<int:pk>/reopen/", claim.claim_reopen_view, name="claim_reopen"),
    path("claims/<int:pk>/undo/", claim.claim_undo_view, name="claim_undo"),
    path("claims/<int:pk>/edit/", claim.claim_edit_view, name="claim_edit"),
    path("claims/<int:pk>/notes/", claim.claim_note_add, name="claim_note_add"),
    path("claims/<int:pk>/evidence/", claim.claim_evidence_add, name="claim_evidence_add"),
    path("articles/<int:pk>/", article.article_detail, name="article"),
    path("articles/<int:pk>/status/", article.article_status, name="article_status"),
    path("articles/<int:pk>/claims/add/", article.article_claim_add, name="article_claim_add"),
    path("articles/<int:pk>/rerun/", article.article_rerun, name="article_rerun"),
    path("articles/<int:pk>/retry/", article.article_retry_view, name="article_retry"),
    path("articles/<int:pk>/text/", article.article_text_view, name="article_text"),
    path("articles/<int:pk>/delete/", article.article_delete_view, name="article_delete"),
    path("speakers/<int:pk>/", speaker.speaker_detail, name="speaker"),
    path("speakers/<int:pk>/merge/", speaker.speaker_merge_view, name="speaker_merge"),
    path("submit/", submit.submit, name="submit"),
]
