"""The conversation cookie: genuine, current cookies only."""
from __future__ import annotations

import pytest

from bot.channels.web_chat_cookie import CookieSigner, new_conversation_id

DAY = 86400


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def signer(clock: Clock) -> CookieSigner:
    return CookieSigner("test secret", 30 * DAY, clock)


def test_ids_are_random_and_opaque() -> None:
    ids = {new_conversation_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(i.startswith("web-") and len(i) == 36 for i in ids)


def test_a_signed_cookie_verifies_to_its_conversation(signer: CookieSigner, clock: Clock) -> None:
    conversation_id = new_conversation_id()
    ticket = signer.verify(signer.sign(conversation_id))
    assert ticket is not None
    assert ticket.conversation_id == conversation_id
    assert ticket.issued_at == int(clock.now)


def test_tampered_or_forged_cookies_are_rejected(signer: CookieSigner) -> None:
    mine, other = new_conversation_id(), new_conversation_id()
    cookie = signer.sign(mine)
    version, _, issued, signature = cookie.split(".")
    assert signer.verify(f"{version}.{other}.{issued}.{signature}") is None  # someone else's id
    assert signer.verify(f"{version}.{mine}.{int(issued) + 1}.{signature}") is None  # issue time moved
    assert signer.verify(cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")) is None
    assert signer.verify(CookieSigner("another secret", 30 * DAY).sign(mine)) is None
    assert signer.verify(other) is None  # a bare id
    for junk in ("", "v1", "v1...", "a.b.c.d.e", "v1.web-x.1.sig", "ünïcode.x.y.z", "x" * 500):
        assert signer.verify(junk) is None


def test_cookies_expire_and_may_not_come_from_the_future(signer: CookieSigner, clock: Clock) -> None:
    cookie = signer.sign(new_conversation_id())
    clock.now += 29 * DAY
    assert signer.verify(cookie) is not None  # the next month, same browser: same intake
    clock.now += 2 * DAY
    assert signer.verify(cookie) is None
    clock.now -= 31 * DAY + 3600
    assert signer.verify(cookie) is None  # issued an hour "from now"


def test_only_web_chat_ids_are_signed(signer: CookieSigner) -> None:
    with pytest.raises(ValueError):
        signer.sign("sms-0123")
    with pytest.raises(ValueError):
        CookieSigner("", DAY)
