"""Shared test support (importable as `support` from any test folder): test users, the CSRF-aware client, login."""

import re

from flask.testing import FlaskClient

from portal.extensions import db

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
        csrf = kwargs.pop("csrf", True)
        if "Authorization" in (kwargs.get("headers") or {}):
            csrf = False  # a Bearer client carries no cookie, so CSRF does not apply
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
        _fresh_request_globals()  # after csrf_token(), whose own request would leave its user in `g`
        return super().open(*args, **kwargs)

    def reset_csrf(self):
        """Forget the cached token (after the session changed)."""
        self._csrf = None


def seed(app):
    from portal.services import accounts
    from portal.services.accounts import units

    for code, name, kind, parent in TEST_UNITS:
        units.create_unit(code, name, kind, parent)
    for username, (roles, unit) in TEST_USERS.items():
        accounts.create_user(username, PASSWORD, roles, unit_code=unit, full_name=f"Đồng chí {username}")


def login(client, username, password=PASSWORD):
    """Sign in through the real login form."""
    client.reset_csrf()
    response = client.post("/auth/login", data={"username": username, "password": password})
    client.reset_csrf()
    return response


def index_jobs(kind=None, object_id=None):
    """Queued search-index jobs (payloads), optionally for one object: what a change left for the index writer."""
    from sqlalchemy import select

    from portal.models import Job
    from portal.search.jobs import JOB_KIND

    payloads = [job.payload for job in db.session.scalars(select(Job).where(Job.kind == JOB_KIND).order_by(Job.id))]
    return [p for p in payloads if (kind is None or p["kind"] == kind) and (object_id is None or p["id"] == object_id)]
