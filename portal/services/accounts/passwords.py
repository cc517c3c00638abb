"""Password hashing: argon2id at OWASP's parameters (the one home of argon2-cffi); old werkzeug hashes still verify.

The method is a string from `PASSWORD_HASH_METHOD` (`PORTAL_PASSWORD_HASH`):
- `argon2id:m=19456,t=2,p=1` (the default: OWASP's Password Storage Cheat Sheet, 19 MiB, 2 passes, 1 lane), or
- a werkzeug method such as `pbkdf2:sha256:600000`, for an office that must stay on FIPS-approved algorithms.

A stored hash made with another method (or with weaker argon2 parameters) verifies as before and is replaced at the
next successful sign-in (`needs_rehash`).
"""

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from werkzeug.security import check_password_hash, generate_password_hash

OWASP_ARGON2 = "argon2id:m=19456,t=2,p=1"


@lru_cache(maxsize=8)
def _argon2(method):
    """A PasswordHasher for `argon2id:m=...,t=...,p=...` (missing parameters take OWASP's values)."""
    params = {"m": 19456, "t": 2, "p": 1}
    _, _, rest = method.partition(":")
    for part in filter(None, rest.split(",")):
        key, _, value = part.partition("=")
        if key.strip() not in params:
            raise ValueError(f"Unknown argon2 parameter {key!r} in {method!r}")
        params[key.strip()] = int(value)
    return PasswordHasher(time_cost=params["t"], memory_cost=params["m"], parallelism=params["p"], type=Type.ID)


def _is_argon2(method_or_hash):
    return method_or_hash.startswith(("argon2", "$argon2"))


def hash_with(method, password):
    """Hash `password` with `method`."""
    if _is_argon2(method):
        return _argon2(method).hash(password)
    return generate_password_hash(password, method=method)


def verify(stored, password):
    """True when `password` matches the stored hash, whatever method made it."""
    if not stored:
        return False
    if _is_argon2(stored):
        try:
            return _argon2(OWASP_ARGON2).verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    try:
        return check_password_hash(stored, password)
    except ValueError:
        return False


def needs_rehash(stored, method):
    """True when the stored hash was not made with `method` (another algorithm or other parameters)."""
    if _is_argon2(method):
        return not _is_argon2(stored) or _argon2(method).check_needs_rehash(stored)
    return _is_argon2(stored) or stored.split("$", 1)[0] != method
