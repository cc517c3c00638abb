"""Shared fixtures: a real SQLite file migrated by Alembic, a real Whoosh index folder, the test client, logins.

Fixtures: `app`, `client`, `runner`, `login_as(username_or_role)`, `users` (one per role), `make_document(...)`.
The migrated database is built once per session and copied for each test, so every test starts clean and fast.
"""

import os
import shutil

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from support import PASSWORD, TEST_UNITS, TEST_USERS, PortalClient, login, seed  # noqa: E402,F401

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """A SQLite file with the Alembic migrations applied, built once."""
    from flask_migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "INDEX_DIR": str(path.parent / "idx"),
            "UPLOAD_DIR": str(path.parent / "up"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        upgrade()
        seed(app)
        db.engine.dispose()
    return path


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
        overrides["SQLALCHEMY_DATABASE_URI"] = _external_url(external)
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


_EXTERNAL_MIGRATED = {}  # database URL -> the rows its migrations seeded


def _external_url(base):
    """One database per xdist worker, so parallel workers never share tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return base
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"{url.database}_{worker}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _reset_external(application):
    """Migrate the external database once per process, then empty every table and seed the test users."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    url = application.config["SQLALCHEMY_DATABASE_URI"]
    if url not in _EXTERNAL_MIGRATED:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        # What the migrations themselves seed (the shipped synonym list, the visibility data version): kept to be put
        # back after each truncation, as the SQLite tests get it from their copy of the migrated file.
        with db.engine.connect() as conn:
            _EXTERNAL_MIGRATED[url] = {
                table: rows
                for table in db.metadata.sorted_tables
                if (rows := [dict(row._mapping) for row in conn.execute(table.select())])
            }
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        for table, rows in _EXTERNAL_MIGRATED[url].items():
            conn.execute(table.insert(), rows)
            if "id" in table.c:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), (SELECT max(id) FROM \"{table.name}\"))"
                    )
                )
    seed(application)


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

    def _make(
        text="Văn bản thử nghiệm",
        *,
        filename=None,
        user="admin",
        data=None,
        visibility=None,
        unit_codes=(),
        owner_unit_code=None,
        doc_type=None,
        **metadata,
    ):
        counter["n"] += 1
        name = filename or f"van-ban-{counter['n']}.txt"
        path = tmp_path / f"upload-{counter['n']}-{os.path.basename(name)}"
        path.write_bytes(data if data is not None else text.encode("utf-8"))
        result = documents_service.upload_document(
            str(path),
            name,
            user=users[user],
            metadata=metadata,
            apply_index=True,
            visibility=visibility,
            unit_codes=unit_codes,
            owner_unit_code=owner_unit_code,
            doc_type=doc_type,
        )
        return result.document

    return _make
