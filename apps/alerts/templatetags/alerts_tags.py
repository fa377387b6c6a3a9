from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("alerts/badge.html")
def alerts_badge() -> dict:
    """The header badge before its first poll: no query on page render; htmx loads the count at once."""
    return {"unread": None, "poll_seconds": settings.CLAIMTRACK_ALERTS_POLL_SECONDS}
