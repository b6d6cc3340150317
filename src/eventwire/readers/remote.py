"""Inputs named by URL (``s3://bucket/corpus/*.jsonl``, ``gs://...``, ``https://...``,
``memory://...``) read through fsspec, so a cluster can take its corpus from object storage.

fsspec is optional (``pip install 'eventwire[remote]'``; it also comes with the Dask extra), and
each protocol needs its own fsspec driver (s3fs for ``s3://``, gcsfs for ``gs://``). Without
them a URL input becomes a Reject saying what to install: nothing fails silently.

``RemoteFile`` offers the few ``pathlib.Path`` methods the readers and the planner use
(``suffix``, ``stat().st_size``, ``read_bytes()``, ``open("rb")``), so a remote file goes
through exactly the code a local one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any


class RemoteError(Exception):
    """A URL input that cannot be listed or opened; the message says why."""


def is_url(path: str) -> bool:
    return "://" in path


def _filesystem(url: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError as exc:
        raise RemoteError("reading URLs needs fsspec: pip install 'eventwire[remote]'") from exc
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # unknown protocol, or its driver is not installed
        raise RemoteError(f"cannot open {url}: {exc}") from exc


@dataclass(frozen=True)
class _Stat:
    st_size: int
    version: str  # whatever the store gives that changes with the content (mtime, ETag, ...)


class RemoteFile:
    """One file behind a URL, with the Path-like surface the readers need."""

    def __init__(self, url: str, fs: Any | None = None, path: str | None = None) -> None:
        if fs is None or path is None:
            fs, path = _filesystem(url)
        self.url, self._fs, self._path = url, fs, path
        self.suffix = PurePosixPath(path).suffix
        self.name = PurePosixPath(path).name

    def __str__(self) -> str:
        return self.url

    def exists(self) -> bool:
        return bool(self._fs.isfile(self._path))

    def stat(self) -> _Stat:
        info = self._fs.info(self._path)
        version = next(
            (
                str(info[k])
                for k in ("mtime", "LastModified", "ETag", "etag", "updated", "created")
                if info.get(k)
            ),
            "",
        )
        return _Stat(int(info.get("size") or 0), version)

    def read_bytes(self) -> bytes:
        with self._fs.open(self._path, "rb") as fh:
            return fh.read()

    def open(self, mode: str = "rb") -> IO[bytes]:
        if mode != "rb":
            raise ValueError("remote inputs are read-only")
        return self._fs.open(self._path, "rb")


def expand(url: str, extensions: set[str]) -> list[RemoteFile]:
    """The files a URL names: itself, the matches of a glob, or the files below a folder
    (those with a known extension, hidden ones excluded, as for local folders), sorted."""
    fs, path = _filesystem(url)
    try:
        if any(c in path for c in "*?["):
            paths = [p for p in fs.glob(path) if fs.isfile(p)]
        elif fs.isdir(path):
            root = path.rstrip("/")
            paths = [
                p for p in fs.find(path)
                if p.lower().endswith(tuple(extensions))  # .warc.gz as well as .jsonl
                and not any(part.startswith(".") for part in PurePosixPath(p[len(root):]).parts)
            ]  # fmt: skip
        elif fs.isfile(path):
            paths = [path]
        else:
            raise RemoteError(f"{url}: no such file or folder")
    except OSError as exc:
        raise RemoteError(f"cannot list {url}: {exc}") from exc
    if not paths:
        raise RemoteError(f"{url}: the pattern matches no file")
    return [RemoteFile(fs.unstrip_protocol(p), fs, p) for p in sorted(paths)]
