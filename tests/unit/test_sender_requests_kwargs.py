"""The requests-style keyword arguments of the 2020 spotipy API, over HTTP on 127.0.0.1.

The 2020 senders passed ``proxies``, ``timeout``, ``verify`` and ``cert`` on to requests;
the senders map them to httpx (``proxies`` to ``proxy``, a ``(connect, read)`` timeout
to httpx's four parts, a CA bundle path and a client certificate to one SSL context,
``allow_redirects`` to ``follow_redirects``) and refuse any other name with the list of
those accepted.  Each is judged by a server: a proxy that answers absolute-form requests,
a TLS server with its own certificate that may require a client certificate, a server
that never answers.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import spotipy.sender
from spotipy._http import Request
from spotipy.errors import TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncTransientSender,
    PersistentSender,
    TransientSender,
)
from tests.unit.test_sender_loopback import JsonHandler

SYNC = (TransientSender, PersistentSender)
ASYNC = (AsyncTransientSender, AsyncPersistentSender)


class Server(ThreadingHTTPServer):
    """Record request lines (and a client certificate's name); never answer ``/hang``."""

    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lines: list[str] = []
        self.peers: list[str | None] = []
        self.release = threading.Event()
        self.scheme = "http"
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
            self.scheme = "https"

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"{self.scheme}://{host!s}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A refused handshake is what some tests expect: keep the output quiet."""


class Handler(JsonHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10
    server: Server

    def do_GET(self) -> None:
        self.server.lines.append(self.requestline)
        peer = getattr(self.connection, "getpeercert", lambda: None)()
        self.server.peers.append(
            dict(x[0] for x in peer["subject"])["commonName"] if peer else None
        )
        if self.path.endswith("/hang"):
            self.server.release.wait(10)  # the client gives up first
            return
        if self.path.endswith("/moved"):
            self._answer(302, b"", ("Location", "/ok"))
            return
        if self.path.endswith("/undecryptable"):
            # A TLS record that fails its integrity check, written past the TLS layer:
            # the client has sent its request and fails in TLS while reading the answer.
            os.write(self.connection.fileno(), b"\x17\x03\x03\x00\x20" + bytes(32))
            self.close_connection = True
            return
        self._answer(200, b'{"ok": true}')


def serving(tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    httpd = Server(tls)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serving()


@dataclass(frozen=True)
class Certificates:
    """A self-signed server certificate for 127.0.0.1 and a client certificate."""

    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _self_signed(folder: Path, name: str, *extra: str) -> tuple[Path, Path]:
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", f"/CN={name}", "-keyout", str(key), "-out", str(cert),
         *extra],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    folder = tmp_path_factory.mktemp("tls")
    server = _self_signed(folder, "127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
    client = _self_signed(folder, "client")
    return Certificates(*server, *client)


def tls_server(certificates: Certificates, *, client_cert: bool) -> Iterator[Server]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates.server_cert, certificates.server_key)
    if client_cert:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(certificates.client_cert)
    yield from serving(context)


@pytest.fixture
def https(certificates: Certificates) -> Iterator[Server]:
    yield from tls_server(certificates, client_cert=False)


@pytest.fixture
def mutual(certificates: Certificates) -> Iterator[Server]:
    yield from tls_server(certificates, client_cert=True)


def get(factory: Callable[..., Any], url: str, **kwargs: Any) -> int:
    """One GET through a new sender of ``factory`` (sync or async), closed afterwards."""
    sender = factory(**kwargs)
    request = Request("GET", url)
    if factory in ASYNC:

        async def main() -> int:
            try:
                return (await sender.send(request)).status_code
            finally:
                if hasattr(sender, "client"):
                    await sender.close()

        return asyncio.run(main())
    try:
        return int(sender.send(request).status_code)
    finally:
        if hasattr(sender, "client"):
            sender.close()


SENDERS = pytest.mark.parametrize("factory", [*SYNC, *ASYNC], ids=lambda f: f.__name__)


@SENDERS
def test_proxies_send_through_the_proxy(factory: Callable[..., Any], server: Server) -> None:
    # The host does not resolve: only the proxy can answer, and it sees the absolute form.
    target = "http://api.spotify.invalid/v1/me"
    assert get(factory, target, proxies={"http": server.url, "https": server.url}) == 200
    assert get(factory, target, proxies=server.url) == 200
    assert server.lines == [f"GET {target} HTTP/1.1"] * 2


def test_proxies_naming_two_proxies_are_refused() -> None:
    with pytest.raises(ValueError, match="one proxy"):
        PersistentSender(proxies={"http": "http://127.0.0.1:1", "https": "http://127.0.0.1:2"})
    with pytest.raises(TypeError, match="not both"):
        TransientSender(proxies="http://127.0.0.1:1", proxy="http://127.0.0.1:1")


@SENDERS
@pytest.mark.filterwarnings("error::DeprecationWarning")  # no deprecated httpx path
def test_verify_names_a_ca_bundle(
    factory: Callable[..., Any], https: Server, certificates: Certificates
) -> None:
    with pytest.raises(TransportError):  # the system's CAs do not know the server
        get(factory, f"{https.url}/ok")
    assert get(factory, f"{https.url}/ok", verify=str(certificates.server_cert)) == 200
    assert get(factory, f"{https.url}/ok", verify=False) == 200


@SENDERS
def test_cert_presents_a_client_certificate(
    factory: Callable[..., Any], mutual: Server, certificates: Certificates
) -> None:
    ca = str(certificates.server_cert)
    pair = (str(certificates.client_cert), str(certificates.client_key))
    with pytest.raises(TransportError):  # the server requires a client certificate
        get(factory, f"{mutual.url}/ok", verify=ca)
    assert get(factory, f"{mutual.url}/ok", verify=ca, cert=pair) == 200
    assert get(factory, f"{mutual.url}/ok", verify=False, cert=pair) == 200
    assert mutual.peers == ["client", "client"]


@SENDERS
def test_a_tls_failure_reading_the_answer_is_a_transport_error(
    factory: Callable[..., Any], https: Server, certificates: Certificates
) -> None:
    # anyio's TLS stream raised ssl.SSLError as it is (async mode); a refused client
    # certificate under TLS 1.3 fails the same way when its alert comes with the answer.
    with pytest.raises(TransportError) as info:
        get(factory, f"{https.url}/undecryptable", verify=str(certificates.server_cert))
    assert info.value.sent is True  # the request was written: never replayed as unsent
    assert https.lines == ["GET /undecryptable HTTP/1.1"]


def test_unreadable_certificates_are_refused_before_any_request(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.pem")
    with pytest.raises(ValueError, match=r"missing\.pem"):
        PersistentSender(verify=missing)
    with pytest.raises(ValueError, match=r"missing\.pem"):
        AsyncTransientSender(cert=missing)


@SENDERS
def test_a_connect_read_pair_is_a_timeout(factory: Callable[..., Any], server: Server) -> None:
    # The server never answers: the read part of the pair ends the wait.
    with pytest.raises(TransportError, match="ReadTimeout"):
        get(factory, f"{server.url}/hang", timeout=(10, 0.2))
    assert server.lines == ["GET /hang HTTP/1.1"]


@SENDERS
def test_allow_redirects_follows(factory: Callable[..., Any], server: Server) -> None:
    assert get(factory, f"{server.url}/moved") == 302
    assert get(factory, f"{server.url}/moved", allow_redirects=True) == 200
    assert server.lines[-1] == "GET /ok HTTP/1.1"


@pytest.mark.parametrize("factory", [*SYNC, *ASYNC], ids=lambda f: f.__name__)
def test_other_names_are_refused_with_the_accepted_ones(factory: Callable[..., Any]) -> None:
    with pytest.raises(TypeError) as caught:
        factory(stream=True, hooks={})
    text = str(caught.value)
    assert "'hooks', 'stream'" in text
    for name in ("proxies", "timeout", "verify", "cert", "proxy", "transport", "limits"):
        assert name in text


def test_the_module_default_is_mapped_too(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spotipy.sender, "default_requests_kwargs", {"proxies": server.url})
    assert get(TransientSender, "http://api.spotify.invalid/v1/me") == 200
    assert server.lines == ["GET http://api.spotify.invalid/v1/me HTTP/1.1"]


@SENDERS
def test_ssl_cert_file_is_read_per_sender_as_httpx_does(
    factory: Callable[..., Any],
    https: Server,
    certificates: Certificates,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The CA of a TLS-inspecting proxy is often given this way.  A sender made before
    # the variable is set must not fix the CAs of those made after it.
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with pytest.raises(TransportError):  # the system's CAs do not know the server
        get(factory, f"{https.url}/ok")
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.server_cert))
    assert get(factory, f"{https.url}/ok") == 200
    with pytest.raises(TransportError):  # trust_env=False: the variable is not read
        get(factory, f"{https.url}/ok", trust_env=False)
