"""HTTP client that hands a record to the review service.

It makes one signed attempt and classifies the outcome; retrying is the delivery
worker's job (see ``bot.handoff.worker``). Nothing it returns or logs contains PHI: a
failure is described by its HTTP status code or the exception's class name.
"""
from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
import logging
import time
from typing import Any, Callable

import aiohttp

from bot.handoff.signing import sign

logger = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_TOTAL_TIMEOUT = 30.0

RETRYABLE_4XX = frozenset({408, 425, 429})
"""4xx answers that mean "not now" rather than "never": request timeout, too early, too
many requests. Every other 4xx is permanent."""


class Outcome(str, enum.Enum):
    """How a delivery attempt ended."""

    DELIVERED = "delivered"
    RETRYABLE = "retryable"
    PERMANENT = "permanent"


@dataclasses.dataclass(frozen=True)
class DeliveryResult:
    """The classified result of one delivery attempt.

    Attributes:
        outcome: Delivered, worth retrying, or never going to work.
        status_code: The HTTP status, when a response arrived.
        error: What went wrong, PHI-free (``"HTTP 503"``, ``"ServerDisconnectedError"``).
        duplicate: The service already had this reference (HTTP 200).
    """

    outcome: Outcome
    status_code: int | None = None
    error: str | None = None
    duplicate: bool = False

    @property
    def delivered(self) -> bool:
        """True if the review service holds the record."""
        return self.outcome is Outcome.DELIVERED


def encode_payload(payload: dict[str, Any]) -> bytes:
    """Serialises a record deterministically (sorted keys, compact, UTF-8).

    The same record always gives the same bytes, so every retry sends the same body.
    """
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


class ReviewServiceClient:
    """Posts signed intake records to ``{base_url}/intakes``."""

    def __init__(
        self,
        base_url: str,
        secret: bytes | str,
        session: aiohttp.ClientSession,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Creates a client.

        Args:
            base_url: The review service's base URL (``REVIEW_SERVICE_URL``).
            secret: The HMAC secret (``REVIEW_SERVICE_SECRET``).
            session: An open session; the caller owns and closes it.
            connect_timeout: Seconds allowed to establish the connection.
            total_timeout: Seconds allowed for the whole exchange, body included.
            clock: Source of the signature timestamp (Unix seconds).

        Raises:
            ValueError: The secret is empty.
        """
        if not secret:
            raise ValueError("the review service secret must be set")
        self._url = base_url.rstrip("/") + "/intakes"
        self._secret = secret.encode("utf-8") if isinstance(secret, str) else secret
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=total_timeout, connect=connect_timeout)
        self._clock = clock

    async def deliver(self, reference: str, payload: dict[str, Any]) -> DeliveryResult:
        """Makes one delivery attempt.

        Args:
            reference: The intake reference; sent as the ``Idempotency-Key``.
            payload: The record (intake-record.schema.json, including ``fhir``).

        Returns:
            DELIVERED on 201 (new) or 200 (duplicate) with a complete response;
            PERMANENT on other 4xx (bad signature or body, not worth retrying) except
            408/425/429; RETRYABLE on 5xx, timeouts, refused or reset connections and
            truncated or otherwise invalid responses.
        """
        body = encode_payload(payload)
        timestamp = int(self._clock())
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": reference,
            "X-Intake-Timestamp": str(timestamp),
            "X-Intake-Signature": sign(self._secret, timestamp, body),
        }
        try:
            async with self._session.post(
                self._url, data=body, headers=headers, timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                # Read the whole answer: a response cut off half-way is not a receipt.
                await response.read()
                status = response.status
        except asyncio.TimeoutError:
            result = DeliveryResult(Outcome.RETRYABLE, error="Timeout")
        except (aiohttp.ClientError, OSError) as exc:
            result = DeliveryResult(Outcome.RETRYABLE, error=type(exc).__name__)
        else:
            result = classify_status(status)
        logger.debug(
            "delivery %s outcome=%s status=%s error=%s",
            reference, result.outcome.value, result.status_code, result.error,
        )
        return result


def classify_status(status: int) -> DeliveryResult:
    """Classifies a complete HTTP response by its status code.

    Args:
        status: The HTTP status code.

    Returns:
        The delivery result.
    """
    if status in (200, 201):
        return DeliveryResult(Outcome.DELIVERED, status_code=status, duplicate=status == 200)
    error = f"HTTP {status}"
    if 400 <= status < 500 and status not in RETRYABLE_4XX:
        return DeliveryResult(Outcome.PERMANENT, status_code=status, error=error)
    return DeliveryResult(Outcome.RETRYABLE, status_code=status, error=error)
