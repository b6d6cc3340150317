"""A polite HTTP client for feeds and pages: one connection pool, a User-Agent naming eventwire,
timeouts (per read and in total), at most one request at a time per host with a delay between
them (robots.txt ``Crawl-delay`` when it asks for more; delay 0 lifts both, for servers of your
own), robots.txt respected, conditional GET
(ETag / Last-Modified), and a cap on the bytes read from any answer.

Failures come back as ``FetchError`` with a plain reason and ``transient`` set when trying again
later may help (timeouts, connection errors, 429 and 5xx answers).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib import robotparser
from urllib.parse import urlsplit

import httpx

from .. import __version__

USER_AGENT = f"eventwire/{__version__} (news event coder; reads feeds and their pages, respects robots.txt)"
ROBOTS_AGENT = "eventwire"  # the product token robots.txt rules name
ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is kept
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is read as this


class FetchError(Exception):
    def __init__(self, reason: str, transient: bool = False, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.status = status


@dataclass(slots=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified: body empty)
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)  # one request at a time
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    robots: robotparser.RobotFileParser | None = None
    robots_allow_all: bool = True
    robots_at: float = -1e18


def _reason(status: int) -> str:
    try:
        from http import HTTPStatus

        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


class PoliteClient:
    def __init__(
        self,
        user_agent: str = USER_AGENT,
        timeout: float = 10.0,
        delay: float = 1.0,
        robots: bool = True,
        max_redirects: int = 5,
    ) -> None:
        self.timeout = timeout
        self.delay = delay
        self.respect_robots = robots
        self.user_agent = user_agent
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=max_redirects,
            trust_env=False,  # no proxy or .netrc from the environment: we talk to the hosts named
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- per host --------------------------------------------------------------------------------
    def _host(self, url: str) -> tuple[str, _Host]:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        with self._hosts_lock:
            return key, self._hosts.setdefault(key, _Host())

    def _wait_turn(self, host: _Host) -> None:
        """Called holding host.lock: sleep until the host may be asked again."""
        pause = host.next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)

    def _done(self, host: _Host) -> None:
        delay = self.delay
        if host.robots is not None:
            asked = host.robots.crawl_delay(ROBOTS_AGENT)
            if asked:
                delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        host.next_at = time.monotonic() + delay

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets eventwire fetch ``url`` (fetched once an hour per
        host). As RFC 9309 says: a robots.txt that is missing (4xx) allows everything; one that
        cannot be fetched (5xx, network error) disallows everything for now."""
        if not self.respect_robots:
            return True
        key, host = self._host(url)
        with host.robots_lock:
            if time.monotonic() - host.robots_at > ROBOTS_TTL:
                with self._turn(host):
                    try:
                        r = self._client.get(key + "/robots.txt")
                        if r.status_code < 300:
                            rp = robotparser.RobotFileParser()
                            rp.parse(r.text[:500_000].splitlines())
                            host.robots, host.robots_allow_all = rp, False
                        elif r.status_code < 500:
                            host.robots, host.robots_allow_all = None, True
                        else:
                            host.robots, host.robots_allow_all = None, False
                    except httpx.HTTPError:
                        host.robots, host.robots_allow_all = None, False
                    host.robots_at = time.monotonic()
            robots, allow_all = host.robots, host.robots_allow_all
        return allow_all if robots is None else robots.can_fetch(ROBOTS_AGENT, url)

    @contextmanager
    def _turn(self, host: _Host) -> Iterator[None]:
        """Hold the host for one request: after the delay since the last, one at a time. With
        delay 0 (your own servers) requests to a host may overlap."""
        if self.delay <= 0 and (host.robots is None or not host.robots.crawl_delay(ROBOTS_AGENT)):
            yield
            return
        with host.lock:
            self._wait_turn(host)
            try:
                yield
            finally:
                self._done(host)

    # --- one request -----------------------------------------------------------------------------
    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int = 5_000_000,
        accept: str = "*/*",
    ) -> Fetched:
        """GET ``url`` (conditionally when validators are given). FetchError for anything but a
        2xx or 304 answer, for an answer over ``max_bytes``, and when robots.txt says no."""
        if not self.allowed(url):
            raise FetchError(f"robots.txt of {urlsplit(url).netloc} disallows {ROBOTS_AGENT} to fetch it")
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        _, host = self._host(url)
        with self._turn(host):
            return self._get(url, headers, max_bytes)

    def _get(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        deadline = time.monotonic() + 3 * self.timeout  # a page that trickles in is cut off too
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                if r.status_code == 304:
                    return Fetched(str(r.url), 304, etag=r.headers.get("etag"),
                                   last_modified=r.headers.get("last-modified"))  # fmt: skip
                if r.status_code >= 300:
                    transient = r.status_code == 429 or r.status_code >= 500
                    raise FetchError(_reason(r.status_code), transient=transient, status=r.status_code)
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(
                        f"answer is {int(declared):,} bytes (Content-Length), over the {max_bytes:,}-byte limit"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"answer is over the {max_bytes:,}-byte limit (stopped reading)")
                    if time.monotonic() > deadline:
                        raise FetchError(
                            f"answer took over {3 * self.timeout:g} s to arrive (stopped reading)",
                            transient=True,
                        )
                    chunks.append(chunk)
                return Fetched(
                    str(r.url), r.status_code, b"".join(chunks), r.headers.get("content-type", ""),
                    r.headers.get("etag"), r.headers.get("last-modified"),
                )  # fmt: skip
        except httpx.TimeoutException:
            raise FetchError(f"timed out (no answer within {self.timeout:g} s)", transient=True) from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {type(exc).__name__}: {exc}", transient=True) from None
