"""A small HTTP server on loopback that serves calendar files the way real hosts do.

Each route is a function (handler, request) -> None that writes the answer; `static`
serves bytes with an ETag and Last-Modified and answers conditional requests with 304.
Every request is recorded (path and headers) so tests can see what the reader sent.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests import loopback

FEEDS = Path(__file__).resolve().parent / "feeds"


def feed(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


class FeedServer:
    def __init__(self):
        self.routes: dict = {}
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server's hook name
                with server._lock:
                    server.requests.append({"path": self.path, "headers": dict(self.headers)})
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the reader gave up, as it should

            def log_message(self, *args):
                pass

        self.released = threading.Event()  # set on stop(): hanging routes let go
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> FeedServer:
        self.thread = loopback.serve(self.httpd)
        return self

    def stop(self) -> None:
        self.released.set()  # let a stalled or trickling handler finish at once
        loopback.stop(self.httpd, self.thread)

    def hits(self, path: str) -> list[dict]:
        with self._lock:
            return [r for r in self.requests if r["path"] == path]

    # Route makers -------------------------------------------------------------------

    def static(self, path: str, body: bytes, *, etag: str | None = '"v1"', content_type=None):
        last_modified = "Fri, 01 Mar 2030 07:00:00 GMT"

        def answer(handler):
            if etag and handler.headers.get("If-None-Match") == etag:
                handler.send_response(304)
                handler.send_header("ETag", etag)
                handler.end_headers()
                return
            handler.send_response(200)
            handler.send_header("Content-Type", content_type or "text/calendar; charset=UTF-8")
            if etag:
                handler.send_header("ETag", etag)
                handler.send_header("Last-Modified", last_modified)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = answer

    def redirect(self, path: str, location: str, status: int = 302):
        def answer(handler):
            handler.send_response(status)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = answer

    def huge(self, path: str, megabytes: int, *, declare_length: bool):
        chunk = b"BEGIN:VCALENDAR\r\n" + b"X" * 65_000 + b"\r\n"

        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "text/calendar")
            total = megabytes * 1_000_000
            if declare_length:
                handler.send_header("Content-Length", str(total))
            else:
                handler.send_header("Connection", "close")
            handler.end_headers()
            sent = 0
            while sent < total:
                handler.wfile.write(chunk)
                sent += len(chunk)
            handler.close_connection = True

        self.routes[path] = answer

    def slow(self, path: str, *, pause: float, before_headers: bool = False):
        """Drips a valid calendar one line at a time, `pause` seconds apart."""
        lines = feed("google.ics").splitlines(keepends=True)

        def answer(handler):
            if before_headers:
                time.sleep(pause)
            handler.send_response(200)
            handler.send_header("Content-Type", "text/calendar")
            handler.send_header("Connection", "close")
            handler.end_headers()
            for line in lines:
                handler.wfile.write(line)
                handler.wfile.flush()
                time.sleep(pause)
            handler.close_connection = True

        self.routes[path] = answer

    def drip_headers(self, path: str, *, pause: float):
        """Sends the status line and headers one byte every `pause` seconds: each byte is
        well inside any per-read timeout, the whole answer is not."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nX-Padding: " + b"a" * 200

        def answer(handler):
            for byte in head:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(pause)
            handler.close_connection = True

        self.routes[path] = answer

    def hang(self, path: str):
        """Accepts the request and never answers (until the server stops)."""

        def answer(handler):
            self.released.wait()

        self.routes[path] = answer
