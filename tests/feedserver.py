"""A local web server for the watch tests and benchmarks/watch.py: feeds (Atom, RSS) and article
pages served from 127.0.0.1 by a thread of the test process. Nothing leaves the machine.

Routes are set (and changed) while it runs; it answers conditional GETs with 304, can wait
before answering (a feed that times out), and counts every request per path.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering
    etag: bool = True  # send an ETag (the body's hash) and honour If-None-Match


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.log: list[tuple[str, int]] = []  # (path, status) of every request, in order
        self.page_delay = 0.0  # added before every answer under /news/
        # hold_after(n): the pages under /news/ after the first n wait until release()
        self._gate: threading.Event | None = None
        self._gate_after = 0
        self._pages = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def handle(self) -> None:
                try:
                    super().handle()
                except (ConnectionResetError, BrokenPipeError):
                    pass  # a client that gave up (timeouts) or was killed (kill -9)

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with server._lock:
                    route = server.routes.get(path)
                    server.hits[path] += 1
                    delay = (route.delay if route else 0.0) + (
                        server.page_delay if path.startswith("/news/") else 0.0
                    )
                    gate = None
                    if path.startswith("/news/") and server._gate is not None:
                        server._pages += 1
                        gate = server._gate if server._pages > server._gate_after else None
                if delay:
                    time.sleep(delay)
                if gate is not None:
                    gate.wait(60)
                if route is None:
                    self._send(404, b"not found", "text/plain", None)
                    return
                tag = (
                    '"' + hashlib.blake2b(route.body, digest_size=8).hexdigest() + '"' if route.etag else None
                )
                if tag and self.headers.get("If-None-Match") == tag:
                    self._send(304, b"", None, tag)
                    return
                self._send(route.status, route.body, route.content_type, tag)

            def _send(self, status: int, body: bytes, ctype: str | None, tag: str | None) -> None:
                with server._lock:
                    server.log.append((self.path, status))
                try:
                    self.send_response(status)
                    if ctype:
                        self.send_header("Content-Type", ctype)
                    if tag:
                        self.send_header("ETag", tag)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if body and status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test, a page over the size limit)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def hold_after(self, n: int) -> None:
        """Answer the next ``n`` pages under /news/, then hold the others until ``release()``."""
        with self._lock:
            self._gate, self._gate_after, self._pages = threading.Event(), n, 0

    def release(self) -> None:
        with self._lock:
            gate, self._gate = self._gate, None
        if gate is not None:
            gate.set()

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def set(
        self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **kw: Any
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self.routes[path] = Route(data, content_type, **kw)
        return self.url(path)


# --- documents ---------------------------------------------------------------------------------
def page(
    title: str, paragraphs: list[str], day: date | None, lang: str = "en", site: str = "Test Wire"
) -> str:
    """An article page as news sites write them: navigation, the article, a footer."""
    meta = f'<meta property="article:published_time" content="{day.isoformat()}">' if day else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta property="og:site_name" content="{html.escape(site)}">{meta}</head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About us</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        f"<footer><p>{html.escape(site)}</p></footer></body></html>"
    )


def atom(title: str, entries: list[dict[str, str]]) -> str:
    """entries: link, title, id, updated (ISO 8601), published (optional)."""
    out = [f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{html.escape(title)}</title>'
           "<id>urn:test:feed</id><updated>2023-10-01T00:00:00Z</updated>"]  # fmt: skip
    for e in entries:
        out.append(
            f'<entry><title>{html.escape(e["title"])}</title><link href="{html.escape(e["link"])}"/>'
            f"<id>{html.escape(e.get('id', e['link']))}</id><updated>{e['updated']}</updated>"
            + (f"<published>{e['published']}</published>" if e.get("published") else "")
            + "</entry>"
        )
    out.append("</feed>")
    return "".join(out)


def rss(title: str, items: list[dict[str, Any]]) -> str:
    """items: link, title, guid (optional), day (a date, written as RFC 2822)."""
    out = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
           "<link>http://127.0.0.1/</link><description>test</description>"]  # fmt: skip
    for it in items:
        when = format_datetime(datetime(it["day"].year, it["day"].month, it["day"].day, 9, tzinfo=UTC))
        out.append(
            f"<item><title>{html.escape(it['title'])}</title><link>{html.escape(it['link'])}</link>"
            f"<guid>{html.escape(it.get('guid', it['link']))}</guid><pubDate>{when}</pubDate></item>"
        )
    out.append("</channel></rss>")
    return "".join(out)
