"""Absolute URLs of the site, for what leaves it (published ClaimReviews, notifications, webhooks)."""

from django.conf import settings


def site_url(path: str) -> str:
    """An absolute URL of ours: CLAIMTRACK_SITE_URL and the path (never the request's host)."""
    return settings.CLAIMTRACK_SITE_URL.rstrip("/") + path
