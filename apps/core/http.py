"""Fetch one web page safely: http(s) only, no private addresses, size and time limits.

Plain Python (no Django): callers pass every limit, usually from settings. The connection goes to the
address that was resolved and checked (pinned), so a second DNS answer cannot point it elsewhere;
redirects are followed by hand and every hop is checked again.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_SIZE = 64 * 1024
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Characters a request target may keep as they are; anything else (spaces, non-ASCII) is percent-encoded.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


class FetchError(Exception):
    """A page could not be fetched. `message` is a sentence an editor can read; `transient` says a retry
    later may work (timeouts, refused or reset connections, 429 and 5xx answers)."""

    def __init__(self, message: str, *, transient: bool = False, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.status = status


@dataclass(frozen=True)
class FetchedResponse:
    url: str  # final URL after redirects
    status: int
    content_type: str  # e.g. "text/html"; "" when the server sent none
    charset: str | None  # from the Content-Type header, if any
    body: bytes
    etag: str
    last_modified: str
    not_modified: bool  # True on 304 (body empty)


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, without brackets
    port: int
    request_target: str  # path and query, e.g. "/news/1?page=2"


class _Deadline:
    """One clock for the whole fetch. When it runs out, the open socket is shut down, which wakes up any
    read blocked on a server that trickles bytes or never answers."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        left = self.ends_at - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired and sock is not None:
                _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def error(self) -> FetchError:
        return FetchError(f"The server took too long to answer (over {self.seconds:g} s).", transient=True)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shutdown(self._sock)


def _shutdown(sock: socket.socket) -> None:
    # socket.socket.shutdown also works on an SSLSocket without touching its TLS state from this thread.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an already checked IP address while the Host header keeps the host name."""

    def __init__(self, host: str, port: int, *, ip: str, timeout: float, deadline: _Deadline):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip
        self._deadline = deadline

    def connect(self) -> None:
        connect_timeout = min(self.timeout, self._deadline.remaining())
        self.sock = _connect(self._ip, self.port, connect_timeout)
        self.sock.settimeout(self.timeout)
        self._deadline.watch(self.sock)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        super().connect()
        # SNI and certificate check use the host name, not the pinned IP.
        self.sock = _ssl_context().wrap_socket(self.sock, server_hostname=self.host)
        self._deadline.watch(self.sock)


def _connect(ip: str, port: int, timeout: float) -> socket.socket:
    """Open a TCP connection to a checked address (a seam for tests)."""
    return socket.create_connection((ip, port), timeout=timeout)


def _ssl_context() -> ssl.SSLContext:
    """TLS settings for https fetches (a seam for tests that bring their own certificate authority)."""
    return ssl.create_default_context()


def _resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (IP strings). Raises socket.gaierror."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _canonname, sockaddr in infos:
        ip = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if ip not in addresses:
            addresses.append(ip)
    return addresses


def is_forbidden_address(ip: str) -> bool:
    """True for addresses a fetch must not reach: private, loopback, link-local, multicast, reserved,
    unspecified, shared (CGNAT), documentation, and IPv6 forms that embed such an IPv4 address."""
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and is_forbidden_address(str(embedded)):
            return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def describe_size(max_bytes: int) -> str:
    """'5 MB', '1.5 MB', '200 KB', '300 bytes' (binary units, as the limits are set)."""
    if max_bytes >= 1024 * 1024:
        return f"{round(max_bytes / (1024 * 1024), 1):g} MB"
    if max_bytes >= 1024:
        return f"{round(max_bytes / 1024, 1):g} KB"
    return f"{max_bytes} bytes"


def fetch_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    allow_private: bool,
    user_agent: str,
    accept: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain"),
    etag: str = "",
    last_modified: str = "",
    max_redirects: int = 5,
) -> FetchedResponse:
    """GET `url` and return its body. Raises FetchError (and nothing else) for every network or content
    problem. `timeout` bounds connecting, each read, and the whole fetch including redirects."""
    headers = {
        "User-Agent": user_agent,
        "Accept": ", ".join(accept),
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = _Deadline(timeout)
    try:
        target = _parse_target(url)
        seen = {target.url}
        while True:
            result = _fetch_once(
                target,
                headers,
                deadline,
                max_bytes=max_bytes,
                timeout=timeout,
                allow_private=allow_private,
                accept=accept,
            )
            if isinstance(result, FetchedResponse):
                return result
            target = _parse_target(urljoin(target.url, result), redirected_from=target.url)
            if target.url in seen or len(seen) > max_redirects:
                raise FetchError("The page redirects too many times.")
            seen.add(target.url)
    finally:
        deadline.cancel()


def _parse_target(url: str, *, redirected_from: str = "") -> _Target:
    shown = (url if len(url) <= 200 else url[:200] + "…") or "An empty address"
    prefix = f"The page {redirected_from} redirects to {shown}, which" if redirected_from else shown
    not_web = FetchError(f"{prefix} is not a web address (only http and https links can be fetched).")
    url = url.strip()
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in url):
        raise not_web
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        raise not_web from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise not_web
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise not_web from None
    scheme = parts.scheme.lower()
    request_target = quote(parts.path or "/", safe=_SAFE_PATH)
    if parts.query:
        request_target += "?" + quote(parts.query, safe=_SAFE_QUERY)
    return _Target(
        url=url.split("#", 1)[0],
        scheme=scheme,
        host=host,
        port=port or (443 if scheme == "https" else 80),
        request_target=request_target,
    )


def _checked_addresses(target: _Target, *, allow_private: bool) -> list[str]:
    try:
        addresses = _resolve(target.host, target.port)
    except socket.gaierror as exc:
        transient = exc.errno == socket.EAI_AGAIN
        hint = " (the name server did not answer; try again later)" if transient else ""
        raise FetchError(f"Could not find the server {target.host}{hint}.", transient=transient) from None
    except (OSError, UnicodeError):
        raise FetchError(f"Could not find the server {target.host}.") from None
    if not addresses:
        raise FetchError(f"Could not find the server {target.host}.")
    if not allow_private and any(is_forbidden_address(ip) for ip in addresses):
        raise FetchError(f"Refused to fetch {target.url}: it points to a private or local network address.")
    return addresses


def _fetch_once(
    target: _Target,
    headers: dict[str, str],
    deadline: _Deadline,
    *,
    max_bytes: int,
    timeout: float,
    allow_private: bool,
    accept: tuple[str, ...],
) -> FetchedResponse | str:
    """One request, no redirects followed: the response, or the Location to go to next."""
    addresses = _checked_addresses(target, allow_private=allow_private)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    last_error: FetchError | None = None
    for ip in addresses:
        connection = connection_class(target.host, target.port, ip=ip, timeout=timeout, deadline=deadline)
        try:
            connection.request("GET", target.request_target, headers=headers)
            response = connection.getresponse()
            return _read_response(target, response, deadline, max_bytes=max_bytes, accept=accept)
        except FetchError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            timed_out = deadline.expired or isinstance(exc, TimeoutError)
            error = deadline.error() if timed_out else _network_error(target, exc)
            if deadline.expired or not isinstance(exc, ConnectionRefusedError):
                raise error from None
            last_error = error  # try the host's next address
        finally:
            deadline.watch(None)
            connection.close()
    assert last_error is not None
    raise last_error


def _network_error(target: _Target, exc: Exception) -> FetchError:
    host = target.host
    if isinstance(exc, ConnectionRefusedError):
        return FetchError(f"The server {host} refused the connection.", transient=True)
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = exc.verify_message or "invalid certificate"
        return FetchError(f"The secure connection to {host} could not be trusted ({reason}).")
    if isinstance(exc, ssl.SSLError):
        return FetchError(f"The secure connection to {host} failed.", transient=True)
    if isinstance(exc, http.client.RemoteDisconnected | http.client.IncompleteRead | ConnectionError):
        return FetchError(
            f"The server {host} closed the connection before the page was sent.", transient=True
        )
    if isinstance(exc, http.client.HTTPException | ValueError):
        return FetchError(f"The server {host} sent a malformed answer.")
    return FetchError(
        f"The connection to {host} failed ({getattr(exc, 'strerror', None) or exc}).", transient=True
    )


def _read_response(
    target: _Target,
    response: http.client.HTTPResponse,
    deadline: _Deadline,
    *,
    max_bytes: int,
    accept: tuple[str, ...],
) -> FetchedResponse | str:
    status = response.status
    if status in REDIRECT_STATUSES:
        location = (response.getheader("Location") or "").strip()
        if not location:
            raise FetchError(f"The server answered {status} without saying where the page moved.")
        return location
    etag = response.getheader("ETag") or ""
    last_modified = response.getheader("Last-Modified") or ""
    content_type, charset = _parse_content_type(response.getheader("Content-Type") or "")
    if status == 304:
        return FetchedResponse(target.url, status, content_type, charset, b"", etag, last_modified, True)
    if status >= 400 or status < 200:
        raise _status_error(status, response.reason)
    if content_type and not _accepted(content_type, accept):
        raise FetchError(f"The address returned {content_type}, not a web page.")
    body = _read_body(response, deadline, max_bytes=max_bytes)
    return FetchedResponse(target.url, status, content_type, charset, body, etag, last_modified, False)


def _status_error(status: int, reason: str) -> FetchError:
    reason = " ".join((reason or "").split())[:100]
    answered = f"{status} {reason}".strip()
    if status == 429:
        return FetchError(
            f"The server answered {answered}: too many requests; try again later.",
            transient=True,
            status=status,
        )
    if status >= 500:
        return FetchError(
            f"The server answered {answered}: it has a problem; try again later.",
            transient=True,
            status=status,
        )
    if status in (404, 410):
        return FetchError(f"The page was not found (the server answered {answered}).", status=status)
    if status in (401, 403):
        return FetchError(f"The server refused access to the page ({answered}).", status=status)
    return FetchError(f"The server answered {answered}.", status=status)


def _parse_content_type(value: str) -> tuple[str, str | None]:
    kind, *params = value.split(";")
    charset = None
    for param in params:
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = param_value.strip().strip("\"'").lower() or None
    return kind.strip().lower(), charset


def _accepted(content_type: str, accept: tuple[str, ...]) -> bool:
    for pattern in accept:
        pattern = pattern.lower()
        if pattern in ("*/*", content_type):
            return True
        if pattern.endswith("/*") and content_type.startswith(pattern[:-1]):
            return True
    return False


def _read_body(response: http.client.HTTPResponse, deadline: _Deadline, *, max_bytes: int) -> bytes:
    too_big = FetchError(f"The page is larger than the {describe_size(max_bytes)} limit.")
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise too_big
    decode = _decoder(response.getheader("Content-Encoding") or "", max_bytes)
    received = 0
    parts: list[bytes] = []
    size = 0
    while True:
        deadline.remaining()
        chunk = response.read1(CHUNK_SIZE)
        if deadline.expired:
            raise deadline.error()  # the socket was shut down under the read: the body is not complete
        if not chunk:
            break
        received += len(chunk)
        if received > max_bytes:
            raise too_big
        for piece in decode(chunk, max_bytes - size + 1):
            size += len(piece)
            if size > max_bytes:
                raise too_big
            parts.append(piece)
    return b"".join(parts)


def _decoder(content_encoding: str, max_bytes: int) -> Callable[[bytes, int], list[bytes]]:
    """A function that turns each received chunk into decompressed pieces, never producing more than
    `limit` bytes per call without returning (so a small compressed bomb is caught by the size cap)."""
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return lambda chunk, limit: [chunk]
    if encoding in ("gzip", "x-gzip"):
        return _ZlibDecoder(zlib.MAX_WBITS | 16).decode
    if encoding == "deflate":
        return _ZlibDecoder(zlib.MAX_WBITS, raw_fallback=True).decode
    raise FetchError(f"The server sent the page in an unsupported compression ({encoding}).")


class _ZlibDecoder:
    def __init__(self, wbits: int, *, raw_fallback: bool = False):
        self._wbits = wbits
        self._raw_fallback = raw_fallback
        self._started = False
        self._decompressor = zlib.decompressobj(wbits)

    def decode(self, chunk: bytes, limit: int) -> list[bytes]:
        try:
            return self._decode(chunk, limit)
        except zlib.error:
            if self._raw_fallback and not self._started:
                # Some servers send "deflate" without the zlib header.
                self._raw_fallback = False
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.decode(chunk, limit)
            raise FetchError("The server sent a damaged compressed page.") from None

    def _decode(self, chunk: bytes, limit: int) -> list[bytes]:
        pieces: list[bytes] = []
        data = chunk
        produced = 0
        while data and not self._decompressor.eof:
            piece = self._decompressor.decompress(data, max(limit - produced, 1))
            self._started = True
            pieces.append(piece)
            produced += len(piece)
            if produced >= limit:
                break  # the caller's cap is reached; stop before inflating any more
            data = self._decompressor.unconsumed_tail
        return pieces


def post_checked(
    url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool
) -> int:
    """POST `body` to `url` under the fetcher's rules (used for webhooks): http(s) only, the host's addresses resolved
    and checked (no private or local address unless `allow_private`), the connection pinned to a checked
    address, one deadline for the whole request, no redirects followed. Returns the HTTP status; raises
    FetchError for every network problem."""
    deadline = _Deadline(timeout)
    try:
        target = _parse_target(url)
        addresses = _checked_addresses(target, allow_private=allow_private)
        connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        last_error: FetchError | None = None
        for ip in addresses:
            connection = connection_class(target.host, target.port, ip=ip, timeout=timeout, deadline=deadline)
            try:
                connection.request("POST", target.request_target, body=body, headers=headers)
                response = connection.getresponse()
                response.read(64 * 1024)  # the receiver's answer is not used; read a little, politely
                return response.status
            except (OSError, http.client.HTTPException, ValueError) as exc:
                timed_out = deadline.expired or isinstance(exc, TimeoutError)
                error = deadline.error() if timed_out else _network_error(target, exc)
                if deadline.expired or not isinstance(exc, ConnectionRefusedError):
                    raise error from None
                last_error = error  # try the host's next address
            finally:
                deadline.watch(None)
                connection.close()
        assert last_error is not None
        raise last_error
    finally:
        deadline.cancel()
