"""Password hashing for console accounts (argon2id via argon2-cffi).

Hashes carry their own parameters and salt, so they can be verified after the
parameters change; :func:`needs_rehash` says when a stored hash should be upgraded.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 1024

_hasher = PasswordHasher()

#: A hash of a random password, verified against when a username is unknown so that
#: a sign-in takes as long whether or not the account exists.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0123456789")


class WeakPassword(ValueError):
    """The password does not meet the policy."""


def check_policy(password: str) -> None:
    """Raises unless ``password`` is acceptable for a staff account.

    Raises:
        WeakPassword: Shorter than :data:`MIN_LENGTH` characters, longer than
            :data:`MAX_LENGTH`, or only whitespace.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"use at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"use at most {MAX_LENGTH} characters")
    if not password.strip():
        raise WeakPassword("the password cannot be only spaces")


def hash_password(password: str) -> str:
    """Returns an argon2id hash of ``password`` (with a fresh random salt)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; False for a malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify_nothing(password: str) -> bool:
    """Spends the time of a real verification; always False (unknown usernames)."""
    verify_password(_DUMMY_HASH, password)
    return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash uses older parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
