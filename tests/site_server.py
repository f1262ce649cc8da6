"""A static server for the built site on 127.0.0.1, as GitHub Pages serves it (optionally under a
project subpath, optionally gzip-compressed, optionally open to every origin by CORS, optionally with
headers for given files), recording every request it receives."""

from __future__ import annotations

import gzip
import http.server
import sys
import threading
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

MIME = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".zip": "application/zip",
    ".whl": "application/zip",
}
COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt", ".wasm")


_GZIP_CACHE: dict[tuple[Path, int], bytes] = {}


CACHE_CONTROL = "max-age=600"  # as GitHub Pages sends


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME}
    base_path = "/"
    use_gzip = False
    cors = False
    headers_for: dict[str, dict[str, str]]  # path under the base path -> headers sent with it
    log: list[str]  # every request's path as sent (query included), one entry a request
    sent: list[int]  # bytes of every response body, as served (compressed where gzip applies)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + path[len(self.base_path) :])

    def send_head(self) -> BinaryIO | BytesIO | None:
        self.log.append(self.path)
        path = Path(self.translate_path(self.path.split("?")[0].split("#")[0]))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirect to the slash form
            path = path / "index.html"
        if not (self.use_gzip and accepts_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        key = (path, path.stat().st_mtime_ns)
        body = _GZIP_CACHE.get(key)
        if body is None:  # compressed once, as a CDN keeps it, not on every request
            body = _GZIP_CACHE[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing file gets the site's own 404.html, as GitHub Pages sends it (status 404)."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", "*")  # a host that lets any origin read it
        for name, value in self.headers_for.get(self.path.split("?")[0][len(self.base_path) :], {}).items():
            self.send_header(name, value)  # as a host that can send headers would
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        data = source.read()
        self.sent.append(len(data))
        outputfile.write(data)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closes a connection early (a page left, a download cancelled) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class SiteServer:
    """`with SiteServer(site_dir, base_path="/repo/") as server: server.url` -> http://127.0.0.1:PORT/repo/"""

    def __init__(
        self, directory: Path, base_path: str = "/", use_gzip: bool = False, cors: bool = False, headers_for: dict[str, dict[str, str]] | None = None
    ):
        self.requests: list[str] = []
        self.sent: list[int] = []
        handler = type(
            "Handler",
            (_Handler,),
            {"base_path": base_path, "use_gzip": use_gzip, "cors": cors, "headers_for": headers_for or {}, "log": self.requests, "sent": self.sent},
        )
        self.httpd = _QuietServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{base_path}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
