from django import template
from django.conf import settings

from apps.alerts.models import Follow

register = template.Library()


@register.inclusion_tag("alerts/badge.html")
def alerts_badge() -> dict:
    """The header badge before its first poll: no query on page render; htmx loads the count at once."""
    return {"unread": None, "poll_seconds": settings.CLAIMTRACK_ALERTS_POLL_SECONDS}


@register.simple_tag(takes_context=True)
def followed_by_me(context, speaker_id=None, source_id=None) -> str:
    """ "speaker followed by you" / "source followed by you" for a queue row or claim, else "". The user's
    follows are read once per request (one query), whatever the number of rows."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    follows = getattr(request, "_claimtrack_follows", None)
    if follows is None:
        rows = Follow.objects.of_user(user).values_list("speaker_id", "source_id")
        follows = ({s for s, _ in rows if s}, {s for _, s in rows if s})
        request._claimtrack_follows = follows
    if speaker_id and speaker_id in follows[0]:
        return "speaker followed by you"
    if source_id and source_id in follows[1]:
        return "source followed by you"
    return ""
