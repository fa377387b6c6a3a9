import shutil
import socket
import ssl
import subprocess
import time
import zlib
from pathlib import Path

import pytest

from apps.core import http as fetch
from apps.core.http import FetchedResponse, FetchError, fetch_url
from tests.httpserver import LocalServer, gzipped, hang, stream, trickle, trickle_headers

MB = 1024 * 1024
HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = b"<html><body><p>Hello from the newsroom.</p></body></html>"
PUBLIC_IP = "93.184.215.14"  # a global address; tests route its connections to the local server
TLS_IP = "93.184.215.15"  # the same, for the https test server


def get(url: str, **overrides) -> FetchedResponse:
    options = {
        "max_bytes": 5 * MB,
        "timeout": 5.0,
        "allow_private": True,
        "user_agent": "ClaimtrackTest/1.0",
    }
    options.update(overrides)
    return fetch_url(url, **options)


def fetch_error(url: str, **overrides) -> FetchError:
    with pytest.raises(FetchError) as caught:
        get(url, **overrides)
    return caught.value


@pytest.fixture
def public_dns(monkeypatch, local_server: LocalServer) -> dict[str, list[str]]:
    """Names a test maps to addresses; connections to PUBLIC_IP land on the local server."""
    names: dict[str, list[str]] = {"news.example": [PUBLIC_IP]}
    real_resolve = fetch._resolve
    real_connect = fetch._connect

    def resolve(host: str, port: int) -> list[str]:
        return names[host] if host in names else real_resolve(host, port)

    def connect(ip: str, port: int, timeout: float) -> socket.socket:
        if ip == PUBLIC_IP:
            return real_connect("127.0.0.1", local_server.port, timeout)
        return real_connect(ip, port, timeout)

    monkeypatch.setattr(fetch, "_resolve", resolve)
    monkeypatch.setattr(fetch, "_connect", connect)
    return names


# A normal page ------------------------------------------------------------------------------------------


def test_fetches_an_html_page(local_server):
    local_server.route(
        "/story", body=PAGE, headers={**HTML, "ETag": '"v1"', "Last-Modified": "Mon, 03 Jan 2022"}
    )

    response = get(local_server.url("/story"))

    assert response.status == 200
    assert response.body == PAGE
    assert response.content_type == "text/html"
    assert response.charset == "utf-8"
    assert response.etag == '"v1"'
    assert response.last_modified == "Mon, 03 Jan 2022"
    assert response.not_modified is False
    sent = local_server.last_request("/story").headers
    assert sent["user-agent"] == "ClaimtrackTest/1.0"
    assert "text/html" in sent["accept"]
    assert "if-none-match" not in sent


def test_request_target_keeps_query_and_drops_fragment(local_server):
    local_server.route("/search", body=PAGE, headers=HTML)

    get(local_server.url("/search?q=a%20b&page=2#results"))

    assert local_server.last_request("/search").path == "/search?q=a%20b&page=2"


def test_body_without_content_length_is_read_to_the_end(local_server):
    local_server.route("/old-style", handler=stream(b"<p>x</p>", count=1000))

    assert get(local_server.url("/old-style")).body == b"<p>x</p>" * 1000


def test_gzip_body_is_decompressed(local_server):
    local_server.route("/gz", body=gzipped(PAGE), headers={**HTML, "Content-Encoding": "gzip"})

    assert get(local_server.url("/gz")).body == PAGE


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_body_is_decompressed(local_server, wbits):
    compressor = zlib.compressobj(wbits=wbits)
    body = compressor.compress(PAGE) + compressor.flush()
    local_server.route("/deflate", body=body, headers={**HTML, "Content-Encoding": "deflate"})

    assert get(local_server.url("/deflate")).body == PAGE


def test_damaged_gzip_is_a_fetch_error(local_server):
    local_server.route("/bad-gz", body=b"not gzip at all", headers={**HTML, "Content-Encoding": "gzip"})

    assert "damaged compressed" in fetch_error(local_server.url("/bad-gz")).message


def test_unknown_compression_is_a_fetch_error(local_server):
    local_server.route("/br", body=b"\x00\x01", headers={**HTML, "Content-Encoding": "br"})

    assert "unsupported compression (br)" in fetch_error(local_server.url("/br")).message


# Redirects ----------------------------------------------------------------------------------------------


def test_redirects_are_followed_to_the_final_url(local_server):
    local_server.route("/a", status=301, headers={"Location": "/b"})
    local_server.route("/b", status=302, headers={"Location": local_server.url("/c")})
    local_server.route("/c", status=307, headers={"Location": "final?x=1"})
    local_server.route("/final", body=PAGE, headers=HTML)

    response = get(local_server.url("/a"))

    assert response.url == local_server.url("/final?x=1")
    assert response.body == PAGE
    assert [local_server.hits[path] for path in ("/a", "/b", "/c", "/final")] == [1, 1, 1, 1]


def test_redirect_loop_is_refused(local_server):
    local_server.route("/ping", status=302, headers={"Location": "/pong"})
    local_server.route("/pong", status=302, headers={"Location": "/ping"})

    error = fetch_error(local_server.url("/ping"))

    assert error.message == "The page redirects too many times."
    assert local_server.hits["/ping"] == 1


def test_too_many_redirects_are_refused(local_server):
    for step in range(6):
        local_server.route(f"/r{step}", status=302, headers={"Location": f"/r{step + 1}"})
    local_server.route("/r6", body=PAGE, headers=HTML)

    assert get(local_server.url("/r1")).body == PAGE  # five redirects are allowed
    assert fetch_error(local_server.url("/r0")).message == "The page redirects too many times."
    assert local_server.hits["/r6"] == 1


def test_redirect_without_location_is_an_error(local_server):
    local_server.route("/moved", status=301)

    assert "without saying where" in fetch_error(local_server.url("/moved")).message


def test_redirect_to_another_scheme_is_refused(local_server):
    local_server.route("/to-file", status=302, headers={"Location": "file:///etc/passwd"})

    assert "is not a web address" in fetch_error(local_server.url("/to-file")).message


# Size limits --------------------------------------------------------------------------------------------


def test_too_large_by_content_length(local_server):
    local_server.route("/big", body=b"x" * (6 * MB), headers=HTML)

    error = fetch_error(local_server.url("/big"))

    assert error.message == "The page is larger than the 5 MB limit."
    assert error.transient is False


def test_too_large_while_streaming_without_content_length(local_server):
    local_server.route("/endless", handler=stream(b"x" * 64 * 1024, count=96))  # 6 MB, no Content-Length

    assert fetch_error(local_server.url("/endless")).message == "The page is larger than the 5 MB limit."


def test_limit_is_formatted_in_the_message(local_server):
    local_server.route("/page", body=b"x" * 3000, headers=HTML)

    assert fetch_error(local_server.url("/page"), max_bytes=2048).message == (
        "The page is larger than the 2 KB limit."
    )
    assert get(local_server.url("/page"), max_bytes=3000).body == b"x" * 3000


def test_gzip_bomb_is_caught_by_the_decompressed_size(local_server):
    bomb = gzipped(b"\0" * (50 * MB))
    assert len(bomb) < 100 * 1024
    local_server.route("/bomb", body=bomb, headers={**HTML, "Content-Encoding": "gzip"})

    started = time.monotonic()
    error = fetch_error(local_server.url("/bomb"), max_bytes=1 * MB)

    assert error.message == "The page is larger than the 1 MB limit."
    assert time.monotonic() - started < 2


# Content types and statuses -----------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf"])
def test_wrong_content_type_is_refused(local_server, content_type):
    local_server.route("/file", body=b"\x89PNG....", headers={"Content-Type": content_type})

    error = fetch_error(local_server.url("/file"))

    assert error.message == f"The address returned {content_type}, not a web page."
    assert error.transient is False


def test_caller_chooses_accepted_types(local_server):
    local_server.route("/feed", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})

    assert "not a web page" in fetch_error(local_server.url("/feed")).message
    response = get(local_server.url("/feed"), accept=("application/rss+xml", "application/xml"))
    assert response.content_type == "application/rss+xml"


@pytest.mark.parametrize("status", [404, 410, 403, 400])
def test_client_errors_are_not_transient(local_server, status):
    local_server.route("/gone", status=status, body=b"no", headers=HTML)

    error = fetch_error(local_server.url("/gone"))

    assert error.transient is False
    assert error.status == status
    assert str(status) in error.message


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_rate_limits_and_server_errors_are_transient(local_server, status):
    local_server.route("/busy", status=status, body=b"later", headers=HTML)

    error = fetch_error(local_server.url("/busy"))

    assert error.transient is True
    assert error.status == status
    assert "try again later" in error.message


# Time limits --------------------------------------------------------------------------------------------


def assert_times_out(url: str) -> None:
    started = time.monotonic()
    error = fetch_error(url, timeout=1.0)
    elapsed = time.monotonic() - started
    assert error.message == "The server took too long to answer (over 1 s)."
    assert error.transient is True
    assert elapsed < 2.0


def test_server_that_never_answers_times_out(local_server):
    local_server.route("/hang", handler=hang)

    assert_times_out(local_server.url("/hang"))


def test_server_that_trickles_the_body_times_out(local_server):
    local_server.route("/trickle", handler=trickle(b"x" * 100, delay=0.2))

    assert_times_out(local_server.url("/trickle"))


def test_server_that_trickles_headers_times_out(local_server):
    local_server.route("/trickle-headers", handler=trickle_headers(delay=0.2))

    assert_times_out(local_server.url("/trickle-headers"))


def test_connection_refused_is_transient():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # nothing listens here once the socket closes

    error = fetch_error(f"http://127.0.0.1:{port}/")

    assert error.transient is True
    assert "refused the connection" in error.message


def test_unknown_host(monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)

    error = fetch_error("http://example.invalid/news")

    assert error.message == "Could not find the server example.invalid."
    assert error.transient is False


def test_name_server_failure_is_transient(monkeypatch):
    def name_server_down(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", name_server_down)

    assert fetch_error("http://example.org/").transient is True


# Private addresses --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://localhost/",
        "https://localhost:8443/",
    ],
)
def test_private_and_local_addresses_are_refused(url):
    error = fetch_error(url, allow_private=False)

    assert error.message == f"Refused to fetch {url}: it points to a private or local network address."
    assert error.transient is False


def test_local_server_is_refused_without_allow_private(local_server):
    local_server.route("/", body=PAGE, headers=HTML)

    fetch_error(local_server.url("/"), allow_private=False)

    assert local_server.hits["/"] == 0


@pytest.mark.parametrize(
    "ip",
    [
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "2002:a00:1::",
        "64:ff9b::a00:1",
        "fc00::1",
    ],
)
def test_other_non_public_addresses_are_forbidden(ip):
    assert fetch.is_forbidden_address(ip)


@pytest.mark.parametrize("ip", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(ip):
    assert not fetch.is_forbidden_address(ip)


def test_public_name_is_fetched_from_the_pinned_address_with_its_host_header(local_server, public_dns):
    local_server.route("/story", body=PAGE, headers=HTML)
    calls = []
    resolve = fetch._resolve
    fetch._resolve = lambda host, port: calls.append(host) or resolve(host, port)

    response = get(local_server.url("/story", host="news.example"), allow_private=False)

    assert response.body == PAGE
    assert calls == ["news.example"]  # resolved once, then connected to that address
    assert local_server.last_request("/story").headers["host"] == f"news.example:{local_server.port}"


def test_name_resolving_to_any_private_address_is_refused(local_server, public_dns):
    public_dns["rebind.example"] = [PUBLIC_IP, "127.0.0.1"]
    local_server.route("/", body=PAGE, headers=HTML)

    error = fetch_error(local_server.url("/", host="rebind.example"), allow_private=False)

    assert "private or local network address" in error.message
    assert local_server.hits["/"] == 0


@pytest.mark.parametrize(
    "location",
    ["http://127.0.0.1:{port}/secret", "http://internal.example:{port}/secret", "http://[::1]:{port}/secret"],
)
def test_redirect_to_a_private_address_is_refused(local_server, public_dns, location):
    public_dns["internal.example"] = ["10.0.0.5"]
    local_server.route("/out", status=302, headers={"Location": location.format(port=local_server.port)})
    local_server.route("/secret", body=b"internal data", headers=HTML)

    error = fetch_error(local_server.url("/out", host="news.example"), allow_private=False)

    assert "private or local network address" in error.message
    assert local_server.hits["/out"] == 1
    assert local_server.hits["/secret"] == 0


# Conditional GET ----------------------------------------------------------------------------------------


def test_conditional_get_returns_not_modified(local_server):
    local_server.route("/feed", status=304, headers={"ETag": '"v2"'})

    response = get(local_server.url("/feed"), etag='"v2"', last_modified="Mon, 03 Jan 2022 10:00:00 GMT")

    assert response.not_modified is True
    assert response.status == 304
    assert response.body == b""
    sent = local_server.last_request("/feed").headers
    assert sent["if-none-match"] == '"v2"'
    assert sent["if-modified-since"] == "Mon, 03 Jan 2022 10:00:00 GMT"


# Addresses that are not web addresses -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/file.txt",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "mailto:desk@example.org",
        "example.org/news",
        "http:///no-host",
        "http://exa mple.org/",
        "http://example.org:99999/",
        "",
    ],
)
def test_non_web_addresses_are_refused(url):
    error = fetch_error(url)

    assert "is not a web address" in error.message
    assert error.transient is False


# https: the pinned address with the host name for SNI and the certificate check -------------------------


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> dict[str, str]:
    """A throwaway certificate authority and a certificate it signed for news.example."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    files = {
        name: str(folder / name) for name in ("ca.key", "ca.pem", "site.key", "site.csr", "site.pem", "san")
    }
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    Path(files["san"]).write_text("subjectAltName=DNS:news.example\n")
    commands = [
        [
            "req",
            "-x509",
            *key,
            "-keyout",
            files["ca.key"],
            "-out",
            files["ca.pem"],
            "-days",
            "2",
            "-subj",
            "/CN=Test CA",
        ],
        ["req", *key, "-keyout", files["site.key"], "-out", files["site.csr"], "-subj", "/CN=news.example"],
        [
            "x509",
            "-req",
            "-in",
            files["site.csr"],
            "-CA",
            files["ca.pem"],
            "-CAkey",
            files["ca.key"],
            "-CAcreateserial",
            "-out",
            files["site.pem"],
            "-days",
            "2",
            "-extfile",
            files["san"],
        ],
    ]
    for command in commands:
        subprocess.run(["openssl", *command], check=True, capture_output=True)
    return files


@pytest.fixture
def tls_server(certificates, monkeypatch, public_dns):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates["site.pem"], certificates["site.key"])
    client_context = ssl.create_default_context(cafile=certificates["ca.pem"])
    monkeypatch.setattr(fetch, "_ssl_context", lambda: client_context)
    with LocalServer(tls=context) as server:
        public_dns["news.example"] = [TLS_IP]
        public_dns["other.example"] = [TLS_IP]
        connect = fetch._connect
        monkeypatch.setattr(
            fetch,
            "_connect",
            lambda ip, port, timeout: (
                connect("127.0.0.1", server.port, timeout) if ip == TLS_IP else connect(ip, port, timeout)
            ),
        )
        yield server


def test_https_uses_the_host_name_for_sni_and_the_certificate(tls_server):
    tls_server.route("/story", body=PAGE, headers=HTML)

    response = get(tls_server.url("/story", host="news.example"), allow_private=False)

    assert response.body == PAGE
    assert response.url == tls_server.url("/story", host="news.example")
    assert tls_server.last_request("/story").headers["host"] == f"news.example:{tls_server.port}"


def test_https_certificate_for_another_name_is_refused(tls_server):
    tls_server.route("/story", body=PAGE, headers=HTML)

    error = fetch_error(tls_server.url("/story", host="other.example"), allow_private=False)

    assert "could not be trusted" in error.message
    assert error.transient is False
    assert tls_server.hits["/story"] == 0
