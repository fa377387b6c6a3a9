from apps.core.site import site_url


def test_site_url_joins_the_configured_site_and_the_path(settings):
    settings.CLAIMTRACK_SITE_URL = "https://claims.example.org/"
    assert site_url("/claims/3/") == "https://claims.example.org/claims/3/"
    settings.CLAIMTRACK_SITE_URL = "https://claims.example.org"
    assert site_url("/notifications/") == "https://claims.example.org/notifications/"
