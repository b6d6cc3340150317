"""The dashboard and HTTP API: `eventwire serve` (see app.py for the endpoints)."""

from __future__ import annotations

import ipaddress
import os


class UnsafeBind(ValueError):
    """Serving a store to the network without a token, and without saying so explicitly."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_bind(host: str, public: bool, token: str | None) -> str | None:
    """The token to enforce (argument, else EVENTWIRE_TOKEN). Refuses a non-loopback host
    without a token unless ``public`` is set: the store may hold sensitive collections."""
    token = token or os.environ.get("EVENTWIRE_TOKEN") or None
    if not is_loopback(host) and not token and not public:
        raise UnsafeBind(
            f"refusing to serve on {host}, which is reachable from other machines, without a token: "
            "set EVENTWIRE_TOKEN or --token (clients then send 'Authorization: Bearer TOKEN' or ?token=), "
            "or pass --public to serve without one"
        )
    return token


def serve(
    db: str, host: str = "127.0.0.1", port: int = 8000, public: bool = False, token: str | None = None
) -> None:
    """Run the dashboard + API until interrupted (binds to loopback unless told otherwise)."""
    import uvicorn

    from .app import create_app

    token = check_bind(host, public, token)
    app = create_app(db, token=token)
    shown = f"[{host}]" if ":" in host else host
    suffix = "/?token=…" if token else "/"
    print(f"eventwire: serving {db} on http://{shown}:{port}{suffix} (API docs at /docs)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
