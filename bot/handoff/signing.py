"""HMAC request signatures for the handoff to the review service.

The scheme is fixed by ``../shared/spec/interfaces.md`` ("Handoff to the review
service")::

    X-Intake-Timestamp: <unix seconds>
    X-Intake-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>

The timestamp is part of the signed message, so a captured request cannot be replayed
once it is older than the tolerance, and it cannot be re-dated without the secret.
"""
from __future__ import annotations

import hashlib
import hmac

SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


def _digest(secret: bytes, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """Signs a request body.

    Args:
        secret: The shared secret (``REVIEW_SERVICE_SECRET``), as bytes.
        timestamp: Unix time in whole seconds; sent as ``X-Intake-Timestamp``.
        body: The exact bytes of the request body.

    Returns:
        The ``X-Intake-Signature`` header value, ``"v1=<hex>"``.

    Raises:
        ValueError: The secret is empty.
    """
    if not secret:
        raise ValueError("signing secret must not be empty")
    return f"{SCHEME}={_digest(secret, int(timestamp), body)}"


def verify(
    secret: bytes,
    timestamp_header: str | None,
    signature_header: str | None,
    body: bytes,
    now: float,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """Checks a signed request.

    The comparison is constant-time. A request is rejected when a header is missing or
    malformed, when its timestamp is more than ``tolerance`` seconds old (a replay) or
    more than ``tolerance`` seconds in the future (a forged or badly skewed clock), or
    when the signature does not match. The signature header may carry several
    comma-separated ``v1=`` values (secret rotation); any match is accepted.

    Args:
        secret: The shared secret, as bytes.
        timestamp_header: The ``X-Intake-Timestamp`` header value, or None.
        signature_header: The ``X-Intake-Signature`` header value, or None.
        body: The exact bytes of the received body.
        now: The verifier's current Unix time in seconds.
        tolerance: Maximum allowed distance in seconds between ``now`` and the timestamp.

    Returns:
        True if the request is authentic and fresh.
    """
    if not secret or not timestamp_header or not signature_header:
        return False
    timestamp_text = timestamp_header.strip()
    if not timestamp_text.isascii() or not timestamp_text.isdigit() or len(timestamp_text) > 12:
        return False
    timestamp = int(timestamp_text)
    if abs(now - timestamp) > tolerance:
        return False
    expected = _digest(secret, timestamp, body).encode("ascii")
    matched = False
    for candidate in signature_header.split(","):
        scheme, _, value = candidate.strip().partition("=")
        if scheme != SCHEME or not value:
            continue
        # Evaluate every candidate so timing does not reveal which one matched.
        if hmac.compare_digest(expected, value.strip().encode("ascii", "replace")):
            matched = True
    return matched
