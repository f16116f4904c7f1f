"""Password hashing: argon2id, salted, verified in constant form, policy enforced."""
from __future__ import annotations

import pytest

from bot.console import passwords


def test_hash_is_salted_argon2id_and_verifies() -> None:
    first = passwords.hash_password("correct horse battery staple")
    second = passwords.hash_password("correct horse battery staple")
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt every time
    assert "correct horse" not in first
    assert passwords.verify_password(first, "correct horse battery staple")
    assert passwords.verify_password(second, "correct horse battery staple")


def test_wrong_password_or_broken_hash_does_not_verify() -> None:
    stored = passwords.hash_password("correct horse battery staple")
    assert not passwords.verify_password(stored, "correct horse battery stapler")
    assert not passwords.verify_password(stored, "")
    assert not passwords.verify_password("not-a-hash", "correct horse battery staple")
    assert not passwords.verify_nothing("anything at all")


def test_rehash_is_needed_for_weaker_parameters() -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("correct horse battery staple")
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password("correct horse battery staple"))
    assert passwords.needs_rehash("garbage")


@pytest.mark.parametrize("weak", ["", "short", "elevenchars", " " * 20, "x" * 1025])
def test_policy_refuses_weak_passwords(weak: str) -> None:
    with pytest.raises(passwords.WeakPassword):
        passwords.check_policy(weak)


def test_policy_accepts_a_passphrase() -> None:
    passwords.check_policy("twelve chars")
