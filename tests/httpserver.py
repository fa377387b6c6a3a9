"""A small local HTTP server for tests that fetch over the network.

    def test_page(local_server):
        local_server.route("/a", body=b"<p>hi</p>", headers={"Content-Type": "text/html"})
        local_server.route("/old", status=301, headers={"Location": "/a"})
        local_server.route("/slow", handler=trickle(b"x" * 100, delay=0.5))
        fetch_url(local_server.url("/a"), ...)
        assert local_server.hits["/a"] == 1

Routes match the path without its query string. A handler is called with the request handler
(`http.server.BaseHTTPRequestHandler`) and writes the whole answer itself; `request.server.stopping` is an
Event set at teardown, so handlers that hang can wait on it. Load the fixture with
`pytest_plugins = ["tests.httpserver"]` in tests/conftest.py, or import `local_server` from here.
"""

from __future__ import annotations

import contextlib
import gzip
import ssl
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # with its query string
    headers: dict[str, str]  # header names lower-cased
    body: bytes


@dataclass
class _Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_length: bool = True
    handler: Handler | None = None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, local: LocalServer, tls: ssl.SSLContext | None):
        self.local = local
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        if tls is not None:
            # The handshake happens in the request's thread, on its first read.
            self.socket = tls.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ssl.SSLError | ConnectionError):  # a client that gave up
            super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # one request a connection; a body without Content-Length ends at close

    def do_GET(self) -> None:
        self.server.local._dispatch(self)

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_GET

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # keep test output quiet


class LocalServer:
    """Serves registered routes on 127.0.0.1 at a free port, one thread a connection."""

    def __init__(self, *, tls: ssl.SSLContext | None = None) -> None:
        """`tls`: a server-side SSLContext (with its certificate loaded) to serve https instead of http."""
        self.scheme = "https" if tls is not None else "http"
        self.routes: dict[str, _Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server = _Server(self, tls)
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        """Absolute URL for `path`; `host` replaces 127.0.0.1 (e.g. a name a test maps to this server)."""
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def route(
        self,
        path: str,
        *,
        body: bytes | str = b"",
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_length: bool = True,
        handler: Handler | None = None,
    ) -> None:
        """Answer requests for `path` with a canned response, or let `handler` write the answer.
        `content_length=False` sends the body without a Content-Length (it ends when the connection closes).
        """
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = _Route(status, body, dict(headers or {}), content_length, handler)

    def last_request(self, path: str) -> RecordedRequest:
        return [request for request in self.requests if request.path.split("?")[0] == path][-1]

    def _dispatch(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?", 1)[0]
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        with self._lock:
            self.hits[path] += 1
            headers = {name.lower(): value for name, value in request.headers.items()}
            self.requests.append(RecordedRequest(request.command, request.path, headers, body))
        route = self.routes.get(path)
        if route is None:
            _send(request, 404, b"not found", {"Content-Type": "text/plain"}, content_length=True)
        elif route.handler is not None:
            route.handler(request)
        else:
            _send(request, route.status, route.body, route.headers, content_length=route.content_length)


def _send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: dict[str, str],
    *,
    content_length: bool,
) -> None:
    request.send_response(status)
    for name, value in headers.items():
        request.send_header(name, value)
    if content_length and not any(name.lower() == "content-length" for name in headers):
        request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    if request.command != "HEAD" and status not in (204, 304):
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up early
            request.wfile.write(body)


# Handlers for the awkward servers tests need ------------------------------------------------------------


def trickle(body: bytes, *, delay: float, headers: dict[str, str] | None = None) -> Handler:
    """Send the status and headers, then the body one byte every `delay` seconds."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        for name, value in {"Content-Type": "text/html", **(headers or {})}.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.flush()
        for byte in body:
            if request.server.stopping.wait(delay):  # type: ignore[attr-defined]
                return
            try:
                request.wfile.write(bytes([byte]))
                request.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return handler


def trickle_headers(*, delay: float) -> Handler:
    """Send a status line, then header bytes one at a time, never finishing the headers."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.wfile.write(b"HTTP/1.0 200 OK\r\n")
        for _ in range(10_000):
            if request.server.stopping.wait(delay):  # type: ignore[attr-defined]
                return
            try:
                request.wfile.write(b"X")
                request.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return handler


def hang(request: BaseHTTPRequestHandler) -> None:
    """Accept the request and never answer (until the server stops)."""
    request.server.stopping.wait(30)  # type: ignore[attr-defined]


def stream(chunk: bytes, *, count: int, headers: dict[str, str] | None = None) -> Handler:
    """Send `chunk` `count` times without a Content-Length (the body ends when the connection closes)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        for name, value in {"Content-Type": "text/html", **(headers or {})}.items():
            request.send_header(name, value)
        request.end_headers()
        try:
            for _ in range(count):
                request.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handler


def gzipped(body: bytes) -> bytes:
    return gzip.compress(body, mtime=0)


def wait_until(condition: Callable[[], bool], *, timeout: float = 5.0) -> bool:
    """Poll `condition` until it is true or `timeout` passes (for assertions on server-side effects)."""
    ends_at = time.monotonic() + timeout
    while time.monotonic() < ends_at:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    with LocalServer() as server:
        yield server
