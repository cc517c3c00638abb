"""Shared fixtures: a real SQLite file migrated by Alembic, a real Whoosh index folder, the test client, logins.

Fixtures: `app`, `client`, `runner`, `login_as(username_or_role)`, `users` (one per role), `make_document(...)`.
The migrated database is built once per session and copied for each test, so every test starts clean and fast.
"""
import os
import re
import shutil
import sys

import pytest
from flask.testing import FlaskClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402

PASSWORD = "Mat-khau-thu-nghiem-2026"
# username -> (roles, unit code)
TEST_USERS = {
    "admin": (["admin"], "DUVP"),
    "secretariat": (["member", "secretariat"], "BPGV"),
    "inspector": (["member", "inspector"], "UBKT"),
    "secretary": (["member", "branch_secretary"], "CB-A"),
    "secretary_b": (["member", "branch_secretary"], "CB-B"),
    "member": (["member"], "CB-A"),
    "member_b": (["member"], "CB-B"),
    "leader": (["member"], "BTV"),
}
TEST_UNITS = [
    ("DUVP", "Đảng ủy Văn phòng UBND tỉnh", "office", None),
    ("BTV", "Ban Thường vụ Đảng ủy", "standing", "DUVP"),
    ("UBKT", "Ủy ban Kiểm tra Đảng ủy", "committee", "DUVP"),
    ("BPGV", "Bộ phận giúp việc Đảng ủy", "secretariat", "DUVP"),
    ("CB-A", "Chi bộ Hành chính - Quản trị", "branch", "DUVP"),
    ("CB-B", "Chi bộ Tổng hợp", "branch", "DUVP"),
]
ROLES_FOR_ACCESS = ["anonymous"] + list(TEST_USERS)


def _fresh_request_globals():
    """Forget `flask.g` between requests.

    The `app` fixture keeps one app context open for the whole test (so tests can use the database), and Flask then
    reuses it for every request: `g` would carry the signed-in user, the CSRF token and the API-token flag from one
    request into the next, which never happens in production. Clearing it makes each request start as it would.
    """
    from flask import g, has_app_context

    if has_app_context():
        g.__dict__.clear()
        db.session.rollback()  # each request starts its own transaction, as it would in its own app context


class PortalClient(FlaskClient):
    """A test client that fills in the CSRF token on form posts, like a browser rendering the form would."""

    _csrf = None

    def csrf_token(self):
        """The CSRF token of this client's session, read from a rendered page."""
        if self._csrf is None:
            page = self.get("/notifications")
            if page.status_code != 200:
                page = self.get("/auth/login")
            match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
            self._csrf = match.group(1) if match else ""
        return self._csrf

    def open(self, *args, **kwargs):
        _fresh_request_globals()
        csrf = kwargs.pop("csrf", True)
        method = (kwargs.get("method") or "GET").upper()
        data = kwargs.get("data")
        if csrf and method in ("POST", "PUT", "PATCH", "DELETE") and "json" not in kwargs:
            if data is None or isinstance(data, dict):
                data = dict(data or {})
                data.setdefault("csrf_token", self.csrf_token())
                kwargs["data"] = data
            headers = dict(kwargs.get("headers") or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        elif csrf and "json" in kwargs and method != "GET":
            headers = dict(kwargs.get("headers") or {})
            if "Authorization" not in headers:
                headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def reset_csrf(self):
        """Forget the cached token (after the session changed)."""
        self._csrf = None


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """A SQLite file with the Alembic migrations applied, built once."""
    from flask_migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "INDEX_DIR": str(path.parent / "idx"), "UPLOAD_DIR": str(path.parent / "up"),
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        _seed(app)
        db.engine.dispose()
    return path


def _seed(app):
    from portal.services import accounts, units

    for code, name, kind, parent in TEST_UNITS:
        units.create_unit(code, name, kind, parent)
    for username, (roles, unit) in TEST_USERS.items():
        accounts.create_user(username, PASSWORD, roles, unit_code=unit, full_name=f"Đồng chí {username}")


@pytest.fixture
def app(tmp_path, migrated_db):
    """A fresh app on a copy of the migrated, seeded database, with its own index and upload folders.

    With PORTAL_TEST_DATABASE_URL set (PostgreSQL), the schema is rebuilt by the migrations for each test instead.
    """
    from config import TestingConfig

    db_path = tmp_path / "portal.db"
    overrides = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "INDEX_DIR": str(tmp_path / "indexes"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "EXTRACT_TIMEOUT": 30,
    }
    external = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if external:
        overrides["SQLALCHEMY_DATABASE_URI"] = external
    else:
        shutil.copy(migrated_db, db_path)
    application = create_app(type("TestConfig", (TestingConfig,), overrides))
    application.test_client_class = PortalClient
    with application.app_context():
        if external:
            _reset_external(application)
        yield application
        db.session.remove()
        db.engine.dispose()


def _reset_external(application):
    """Drop everything in the external database, migrate it and seed the test users."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade()
    _seed(application)


@pytest.fixture
def client(app):
    """The Flask test client (CSRF filled in on posts unless csrf=False)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """The Flask CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def users(app):
    """username -> User for the seeded test users."""
    from sqlalchemy import select

    from portal.models import User

    return {u.username: u for u in db.session.scalars(select(User))}


def login(client, username, password=PASSWORD):
    """Sign in through the real login form."""
    client.reset_csrf()
    response = client.post("/auth/login", data={"username": username, "password": password})
    client.reset_csrf()
    return response


@pytest.fixture
def login_as(client):
    """Sign the client in as a test user (by username, e.g. 'secretary', 'member', 'admin')."""

    def _login(username):
        if username == "anonymous":
            return client
        response = login(client, username)
        assert response.status_code == 302, f"login failed for {username}: {response.status_code}"
        return client

    return _login


@pytest.fixture
def make_document(app, users, tmp_path):
    """Create a document through the real upload service from text (or bytes) and return it."""
    from portal.services import documents as documents_service

    counter = {"n": 0}

    def _make(text="Văn bản thử nghiệm", *, filename=None, user="admin", data=None, **metadata):
        counter["n"] += 1
        name = filename or f"van-ban-{counter['n']}.txt"
        path = tmp_path / f"upload-{counter['n']}-{os.path.basename(name)}"
        path.write_bytes(data if data is not None else text.encode("utf-8"))
        result = documents_service.upload_document(
            str(path), name, user=users[user], metadata=metadata, apply_index=True
        )
        return result.document

    return _make
