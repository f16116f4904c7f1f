"""HMAC signatures of handoff requests."""
from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.handoff.signing import sign, verify

SECRET = b"shared-secret"
NOW = 1_700_000_000


def test_signature_format_matches_the_interface_spec() -> None:
    body = b'{"a":1}'
    expected = hmac.new(SECRET, f"{NOW}.".encode() + body, hashlib.sha256).hexdigest()
    assert sign(SECRET, NOW, body) == f"v1={expected}"


def test_valid_signature_verifies() -> None:
    body = b'{"reference":"SO-7K4Q2M"}'
    assert verify(SECRET, str(NOW), sign(SECRET, NOW, body), body, now=NOW)


@pytest.mark.parametrize("offset", [-300, -1, 0, 1, 300])
def test_within_tolerance(offset: int) -> None:
    body = b"{}"
    assert verify(SECRET, str(NOW), sign(SECRET, NOW, body), body, now=NOW + offset)


@pytest.mark.parametrize("offset", [301, 3600, -301, -86400])
def test_stale_and_future_dated_requests_are_rejected(offset: int) -> None:
    body = b"{}"
    assert not verify(SECRET, str(NOW), sign(SECRET, NOW, body), body, now=NOW + offset)


def test_tolerance_is_configurable() -> None:
    body = b"{}"
    signature = sign(SECRET, NOW, body)
    assert not verify(SECRET, str(NOW), signature, body, now=NOW + 61, tolerance=60)


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [
        (None, "v1=00"),
        (str(NOW), None),
        ("", "v1=00"),
        (str(NOW), ""),
        ("17e8", "v1=00"),
        ("-1700000000", "v1=00"),
        ("١٢٣", "v1=00"),
        (str(NOW), "v2=abc"),
        (str(NOW), "v1="),
        (str(NOW), "v1=ünïcode"),
    ],
)
def test_malformed_headers_are_rejected(timestamp, signature) -> None:
    assert not verify(SECRET, timestamp, signature, b"{}", now=NOW)


def test_tampering_is_detected() -> None:
    body = b'{"name":"Maria"}'
    signature = sign(SECRET, NOW, body)
    assert not verify(SECRET, str(NOW), signature, b'{"name":"Mario"}', now=NOW)
    assert not verify(SECRET, str(NOW - 1), signature, body, now=NOW)
    assert not verify(b"other-secret", str(NOW), signature, body, now=NOW)
    assert not verify(b"", str(NOW), signature, body, now=NOW)


def test_any_of_several_signatures_may_match_for_secret_rotation() -> None:
    body = b"{}"
    header = f"{sign(b'old-secret', NOW, body)}, {sign(SECRET, NOW, body)}"
    assert verify(SECRET, str(NOW), header, body, now=NOW)


def test_empty_secret_cannot_sign() -> None:
    with pytest.raises(ValueError):
        sign(b"", NOW, b"{}")


@given(secret=st.binary(min_size=1, max_size=64), body=st.binary(max_size=512),
       timestamp=st.integers(min_value=0, max_value=10**11), flip=st.integers(min_value=0))
def test_round_trip_and_single_bit_flips(secret, body, timestamp, flip) -> None:
    signature = sign(secret, timestamp, body)
    assert verify(secret, str(timestamp), signature, body, now=timestamp)
    if body:
        index = flip % len(body)
        tampered = body[:index] + bytes([body[index] ^ 1]) + body[index + 1:]
        assert not verify(secret, str(timestamp), signature, tampered, now=timestamp)
