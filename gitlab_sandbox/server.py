"""The HTTP layer: a threaded server on loopback and the admin routes."""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import admin, errors
from .context import Reply
from .dispatch import Request, dispatch
from .params import parse_body
from .router import Router

if TYPE_CHECKING:
    from .core import Core

LOOPBACK = ("127.0.0.1", "::1", "localhost")


class SandboxHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer carrying the sandbox core and its router."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], core: Core) -> None:
        super().__init__(address, SandboxRequestHandler)
        self.core = core
        self.router = Router()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away mid-request (killed, timed out) is normal, not a sandbox bug."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class SandboxRequestHandler(BaseHTTPRequestHandler):
    """Turns HTTP/1.1 requests into `dispatch` calls (keep-alive, exact Content-Length)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: SandboxHTTPServer
    server_version = "sandbox-gitlab/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the sandbox keeps its own request log."""

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        if parts.path.startswith("/-/sandbox"):
            reply = self._admin(parts.path, body)
        else:
            request = Request(self.command, parts.path, parts.query, dict(self.headers.items()),
                              body)
            reply = dispatch(self.server.core, self.server.router, request)
        self._send(reply)

    def _admin(self, path: str, body: bytes) -> Reply:
        if self.client_address[0] not in LOOPBACK:
            return Reply(403, {"message": "403 Forbidden - admin routes are loopback-only"})
        try:
            data = parse_body(body, self.headers.get("Content-Type") or "application/json")
            return admin.handle(self.server.core, self.command, path, data)
        except errors.ApiError as problem:
            return Reply(problem.status, problem.body, problem.headers)

    def _send(self, reply: Reply) -> None:
        if reply.status == 204 or reply.body is None:
            payload = b""
        elif isinstance(reply.body, bytes):
            payload = reply.body
        elif isinstance(reply.body, str) and not reply.content_type.startswith("application/json"):
            payload = reply.body.encode()
        else:
            payload = json.dumps(reply.body).encode()
        self.send_response(reply.status)
        if payload or reply.status != 204:
            self.send_header("Content-Type", reply.content_type)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD" and payload:
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle


class Server:
    """A background server thread for one core."""

    def __init__(self, core: Core, host: str = "127.0.0.1", port: int = 0) -> None:
        self.httpd = SandboxHTTPServer((host, port), core)
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        core.base_url = self.url
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="gitlab-sandbox",
                                        kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

