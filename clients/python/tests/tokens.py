"""Real HS256 JWTs signed with the standard library (hmac), for a gateway started with
``tickwire.auth.hmac-secret=SECRET`` (PROTOCOL.md §4a; clients/js/test-support/tokens.js)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

SECRET = "tickwire-python-client-test-secret-0123456789"


def _part(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(subject: str, expires_in: float, symbols: list[str], publish: list[str] | None = None,
          secret: str = SECRET) -> str:
    """A token for ``subject`` valid ``expires_in`` seconds from now, granting ``symbols`` (and
    the right to publish ``publish``)."""
    now = int(time.time())
    grants: dict[str, object] = {"symbols": symbols, "groups": []}
    if publish is not None:
        grants["publish"] = publish
    header = _part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _part(json.dumps({"sub": subject, "iat": now - 1, "exp": now + int(expires_in),
                               "tickwire": grants}).encode())
    unsigned = f"{header}.{claims}"
    signature = hmac.new(secret.encode(), unsigned.encode(), hashlib.sha256).digest()
    return f"{unsigned}.{_part(signature)}"
