"""Passwords: argon2id at OWASP's parameters, old pbkdf2 hashes verify and move to argon2id at the next sign-in."""

import time

from sqlalchemy import select
from support import PASSWORD, login
from werkzeug.security import generate_password_hash

from portal.extensions import db
from portal.models import User
from portal.services.accounts import passwords


def _member():
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == "member"))


def _store(hashed):
    user = _member()
    user.password_hash = hashed
    db.session.commit()


def test_new_passwords_are_argon2id(app, runner):
    runner.invoke(args=["users", "create", "moi", "--password", PASSWORD, "--role", "member"])
    hashed = db.session.scalar(select(User.password_hash).where(User.username == "moi"))
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed


def test_an_old_pbkdf2_hash_still_signs_in_and_is_rehashed_to_argon2id(app, client):
    _store(generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    assert login(client, "member").status_code == 302
    hashed = _member().password_hash
    assert hashed.startswith("$argon2id$v=19$m=1024,t=1,p=1$")  # the configured method (tests: cheap parameters)
    assert passwords.verify(hashed, PASSWORD)
    client.reset_csrf()
    client.post("/auth/logout")
    assert login(client, "member").status_code == 302  # and the new hash signs in


def test_a_failed_sign_in_does_not_rehash(app, client):
    old = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    _store(old)
    assert login(client, "member", "sai-mat-khau-hoan-toan").status_code == 401
    assert _member().password_hash == old


def test_weaker_argon2_parameters_are_raised_at_sign_in(app, client):
    _store(passwords.hash_with("argon2id:m=512,t=1,p=1", PASSWORD))
    login(client, "member")
    assert "$m=1024,t=1,p=1$" in _member().password_hash


def test_owasp_argon2id_costs_at_most_100_ms_of_cpu_per_sign_in():
    hashed = passwords.hash_with(passwords.OWASP_ARGON2, PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    started = time.process_time()
    for _ in range(3):
        assert passwords.verify(hashed, PASSWORD)
    assert (time.process_time() - started) / 3 < 0.1
    assert not passwords.verify(hashed, PASSWORD + "x")


def test_broken_or_foreign_hashes_never_match():
    assert not passwords.verify("", PASSWORD)
    assert not passwords.verify("$argon2id$v=19$garbage", PASSWORD)
    assert not passwords.verify("not-a-hash", PASSWORD)
    assert passwords.needs_rehash("pbkdf2:sha256:600000$a$b", passwords.OWASP_ARGON2)
    assert not passwords.needs_rehash(passwords.hash_with(passwords.OWASP_ARGON2, "x"), passwords.OWASP_ARGON2)
