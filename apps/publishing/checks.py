"""`manage.py check --deploy`: published URLs need the site's real address."""

from __future__ import annotations

from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_HOSTS = {"localhost", "testserver", ""}


def _is_local(host: str) -> bool:
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified


@register("publishing", deploy=True)
def check_site_url(app_configs, **kwargs) -> list[Warning]:
    """ClaimReview JSON-LD, the API's links and alert emails start every URL of ours with
    CLAIMTRACK_SITE_URL; left at its default (http://127.0.0.1:8000) they would point at nothing."""
    parts = urlsplit(settings.CLAIMTRACK_SITE_URL)
    if parts.scheme in ("http", "https") and not _is_local(parts.hostname or ""):
        return []
    return [
        Warning(
            f"CLAIMTRACK_SITE_URL is {settings.CLAIMTRACK_SITE_URL!r}: published ClaimReviews and links in "
            "alerts would point at a local address.",
            hint="Set CLAIMTRACK_SITE_URL to the desk's public address, e.g. https://claims.example.org.",
            id="claimtrack.W001",
        )
    ]
