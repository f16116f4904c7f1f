"""Sign-in checks and the lock-out after five failures (known and unknown usernames)."""
from __future__ import annotations

import pytest

from bot.console.accounts import INVALID, LOCKED, OK, Accounts, UserExists
from bot.console.lockout import LoginThrottle
from bot.console.passwords import WeakPassword
from tests.console.conftest import PASSWORD


@pytest.fixture
def accounts(sessions, clock) -> Accounts:
    return Accounts(sessions, LoginThrottle(sessions, now=clock), now=clock)


async def test_right_password_signs_in_case_insensitively(accounts: Accounts) -> None:
    created = await accounts.create("Dana.Lee", PASSWORD)
    assert created.username == "dana.lee"
    result = await accounts.authenticate("DANA.LEE ", PASSWORD)
    assert result.outcome == OK and result.user == created
    assert (await accounts.authenticate("dana.lee", PASSWORD + "!")).outcome == INVALID


async def test_accounts_need_unique_names_and_strong_passwords(accounts: Accounts) -> None:
    await accounts.create("dana", PASSWORD)
    with pytest.raises(UserExists):
        await accounts.create("DANA", PASSWORD)
    with pytest.raises(WeakPassword):
        await accounts.create("sam", "short")
    with pytest.raises(ValueError):
        await accounts.create("no spaces allowed", PASSWORD)


async def test_five_failures_lock_the_account_for_15_minutes(accounts: Accounts, clock) -> None:
    await accounts.create("dana", PASSWORD)
    for _ in range(4):
        assert (await accounts.authenticate("dana", "wrong password!")).outcome == INVALID
    fifth = await accounts.authenticate("dana", "wrong password!")
    assert fifth.outcome == LOCKED
    assert fifth.locked_until == clock() + __import__("datetime").timedelta(minutes=15)

    # Locked: even the right password is refused, without being checked.
    assert (await accounts.authenticate("dana", PASSWORD)).outcome == LOCKED
    clock.advance(minutes=14, seconds=59)
    assert (await accounts.authenticate("dana", PASSWORD)).outcome == LOCKED
    clock.advance(seconds=1)
    assert (await accounts.authenticate("dana", PASSWORD)).outcome == OK


async def test_a_success_resets_the_count(accounts: Accounts) -> None:
    await accounts.create("dana", PASSWORD)
    for _ in range(4):
        await accounts.authenticate("dana", "wrong password!")
    assert (await accounts.authenticate("dana", PASSWORD)).outcome == OK
    for _ in range(4):
        assert (await accounts.authenticate("dana", "wrong password!")).outcome == INVALID
    assert (await accounts.authenticate("dana", PASSWORD)).outcome == OK


async def test_after_a_lock_expires_counting_starts_again(accounts: Accounts, clock) -> None:
    await accounts.create("dana", PASSWORD)
    for _ in range(5):
        await accounts.authenticate("dana", "wrong password!")
    clock.advance(minutes=16)
    assert (await accounts.authenticate("dana", "wrong password!")).outcome == INVALID
    assert (await accounts.authenticate("dana", PASSWORD)).outcome == OK


async def test_unknown_usernames_behave_like_known_ones(accounts: Accounts) -> None:
    outcomes = [(await accounts.authenticate("nobody", "wrong password!")).outcome for _ in range(6)]
    assert outcomes == [INVALID] * 4 + [LOCKED, LOCKED]


async def test_set_password_and_unlock(accounts: Accounts) -> None:
    await accounts.create("dana", PASSWORD)
    for _ in range(5):
        await accounts.authenticate("dana", "wrong password!")
    await accounts.set_password("dana", "a brand new passphrase")
    assert (await accounts.authenticate("dana", "a brand new passphrase")).outcome == OK
    assert (await accounts.authenticate("dana", PASSWORD)).outcome == INVALID
