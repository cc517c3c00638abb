"""CSRF, stored XSS, path traversal, open redirects, security headers, session invalidation, throttling across app
instances, password hashing strength, the production secret key, and JSON-only API errors."""

import io
import re
import time

import pytest
from security_markers import RAW_MARKERS

PASSWORD = "Mat-khau-thu-nghiem-2026"
CSRF_MESSAGE = "CSRF"


def _fill(rule, w):
    from test_access_table import _fill as fill

    return fill(rule, w)


# --- CSRF ----------------------------------------------------------------------------------------------------------


def test_every_form_post_without_token_is_rejected_with_vietnamese_message(world, login_as, client, app):
    login_as("admin")
    wrong = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith("/api/"):
            continue
        response = client.post(_fill(rule, world), data={}, csrf=False)
        body = response.get_data(as_text=True)
        if response.status_code != 400 or CSRF_MESSAGE not in body or "Phiên làm việc" not in body:
            wrong.append(f"{rule.rule}: {response.status_code}")
    assert wrong == []


def test_login_form_itself_needs_the_token(client):
    response = client.post("/auth/login", data={"username": "admin", "password": PASSWORD}, csrf=False)
    assert response.status_code == 400 and "Phiên làm việc" in response.get_data(as_text=True)


def test_api_posts_with_a_session_cookie_and_no_token_are_rejected(world, login_as, client, app):
    login_as("admin")
    wrong = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or not rule.rule.startswith("/api/"):
            continue
        response = client.post(_fill(rule, world), json={}, csrf=False)
        if response.status_code != 400 or not response.is_json or response.json["error"]["code"] != "csrf":
            wrong.append(f"{rule.rule}: {response.status_code} {response.get_data(as_text=True)[:80]}")
    assert wrong == []


# --- stored XSS ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "secretary", "inspector", "member"])
def test_stored_xss_never_reaches_a_page_unescaped(role, world, login_as, client, app):
    """The payload sits in titles, metadata, file names, material Markdown, findings, a period and a user's name."""
    login_as(role)
    leaked, pages = [], 0
    urls = [
        _fill(rule, world)
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and "static" not in rule.endpoint
    ]
    urls += [f"/documents/{d}" for d in (world.doc_public, world.doc_b, world.doc_lead, world.doc_secret)]
    urls += ["/search/?q=script", "/search/?q=alert", "/documents/?q=script", f"/materials/{world.material_a}"]
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        pages += 1
        body = response.get_data(as_text=True)
        if any(marker in body for marker in RAW_MARKERS) or 'href="javascript:' in body:
            leaked.append(url)
    assert pages > 10
    assert leaked == []


def test_xss_file_name_is_escaped_in_download_header(world, login_as, client):
    login_as("admin")
    response = client.get(f"/documents/{world.doc_public}/versions/{world.version[world.doc_public]}/download")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "<script>" not in disposition and "\n" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response.mimetype


def test_payload_is_really_stored(world, login_as, client):
    """Guard against a vacuous XSS test: the escaped payload is on the page."""
    login_as("admin")
    body = client.get(f"/documents/{world.doc_public}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# --- path traversal ------------------------------------------------------------------------------------------------


def test_traversal_in_upload_name_is_only_a_display_name(world, app):
    import os

    from portal.extensions import db
    from portal.models import Document
    from portal.services import storage

    version = db.session.get(Document, world.doc_b).current_version
    assert "/" not in version.original_name and ".." not in version.original_name.split("/")[0][:2] + "x"
    assert storage.is_storage_name(version.storage_name)
    assert (
        os.path.commonpath([storage.path_for(version.storage_name), app.config["UPLOAD_DIR"]])
        == app.config["UPLOAD_DIR"]
    )


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "", "/etc/passwd", "ab" * 16 + "/../x", "AB" * 16])
def test_storage_refuses_names_it_did_not_generate(app, name):
    from portal.errors import NotFound
    from portal.services import storage

    with pytest.raises(NotFound):
        storage.path_for(name)


def test_traversal_through_the_upload_route(login_as, client, app):
    import os

    login_as("admin")
    data = {"file": (io.BytesIO("Văn bản thử đường dẫn".encode()), "../../../../tmp/evil.txt")}
    response = client.post(
        "/api/v1/documents", data=data, content_type="multipart/form-data", headers={"X-CSRFToken": client.csrf_token()}
    )
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    assert not os.path.exists("/tmp/evil.txt")
    for folder, _, _files in os.walk(app.config["UPLOAD_DIR"]):
        assert os.path.commonpath([folder, app.config["UPLOAD_DIR"]]) == app.config["UPLOAD_DIR"]


# --- open redirects ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:evil.example",
        "/%2F%2Fevil.example",
        "javascript:alert(1)",
    ],
)
def test_no_open_redirect_after_login(client, target):
    client.reset_csrf()
    response = client.post("/auth/login?next=" + target, data={"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location and "javascript" not in location


def test_safe_next_is_followed(client):
    response = client.post("/auth/login?next=/documents/", data={"username": "member", "password": PASSWORD})
    assert response.headers["Location"].endswith("/documents/")


# --- headers and cookies -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/auth/login", "/", "/documents/", "/api/v1/me", "/api/v1/search?q=x", "/nope"])
def test_security_headers(login_as, client, url):
    login_as("member")
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_flags(client):
    client.get("/auth/login")
    response = client.post("/auth/login", data={"username": "member", "password": PASSWORD})
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("portal_session=")][-1]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookie_can_be_secure(monkeypatch):
    from config import ProductionConfig, settings_from_environment

    assert settings_from_environment({"PORTAL_COOKIE_SECURE": "1"}, ProductionConfig)["SESSION_COOKIE_SECURE"] is True
    assert "SESSION_COOKIE_SECURE" not in settings_from_environment({}, ProductionConfig)


# --- session invalidation ------------------------------------------------------------------------------------------


def _copy_cookie(source, target):
    cookie = source.get_cookie("portal_session")
    target.set_cookie("portal_session", cookie.value)


def test_copied_cookie_dies_at_logout(app, login_as, client):
    login_as("member")
    thief = app.test_client()
    _copy_cookie(client, thief)
    assert thief.get("/").status_code == 200
    client.post("/auth/logout")
    assert thief.get("/").status_code == 302
    assert thief.get("/api/v1/me").status_code == 401


def test_copied_cookie_dies_at_password_change(app, login_as, client):
    login_as("member")
    thief = app.test_client()
    _copy_cookie(client, thief)
    response = client.post(
        "/auth/password",
        data={"current": PASSWORD, "new": "Mat-khau-moi-2026-rat-dai", "confirm": "Mat-khau-moi-2026-rat-dai"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert thief.get("/").status_code == 302
    assert client.get("/").status_code == 200  # the changer stays signed in


# --- throttling across app instances -------------------------------------------------------------------------------


def test_login_throttling_holds_across_two_app_instances(app):
    """Two app objects on one database (like two gunicorn workers): failures on one lock the account on both."""
    from config import TestingConfig
    from portal import create_app

    other = create_app(
        type(
            "Other",
            (TestingConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "INDEX_DIR": app.config["INDEX_DIR"],
                "UPLOAD_DIR": app.config["UPLOAD_DIR"],
            },
        )
    )
    other.test_client_class = type(app.test_client())
    limit = app.config["LOGIN_MAX_FAILURES"]
    clients = [app.test_client(), other.test_client()]
    for n in range(limit):
        assert (
            clients[n % 2].post("/auth/login", data={"username": "member", "password": "sai-mat-khau"}).status_code
            == 401
        )
    for c in clients:
        blocked = c.post("/auth/login", data={"username": "member", "password": PASSWORD})
        assert blocked.status_code == 429
        assert "tạm khóa" in blocked.get_data(as_text=True)


# --- password hashing and the production secret --------------------------------------------------------------------


@pytest.mark.parametrize("env", ["development", "production"])
def test_password_hash_meets_asvs(env, monkeypatch, capsys):
    import config
    from portal.services.accounts import passwords

    cls = config.CONFIGS[env]
    assert cls.PASSWORD_HASH_METHOD == passwords.OWASP_ARGON2
    hashed = passwords.hash_with(cls.PASSWORD_HASH_METHOD, "Mat-khau-do-thoi-gian")
    start = time.process_time()
    assert passwords.verify(hashed, "Mat-khau-do-thoi-gian")
    elapsed = time.process_time() - start
    with capsys.disabled():
        print(f"\n[{env}] {cls.PASSWORD_HASH_METHOD}: one check {elapsed * 1000:.0f} ms of CPU")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert elapsed < 0.1  # issue 15: sign-in costs at most 100 ms of CPU


@pytest.mark.parametrize("key", [None, "", "dev-only-secret-change-me", "short"])
def test_production_refuses_to_start_without_a_real_secret(monkeypatch, key):
    from portal import create_app

    if key is None:
        monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("PORTAL_SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="PORTAL_SECRET_KEY"):
        create_app("production")


def test_production_starts_with_a_strong_secret(monkeypatch, tmp_path):
    from portal import create_app

    monkeypatch.setenv("PORTAL_SECRET_KEY", "k" * 16 + "9f8e7d6c5b4a39281706f5e4d3c2b1a0")
    monkeypatch.setenv("PORTAL_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    app = create_app("production")  # the environment is read when the app is created, as in a fresh gunicorn process
    assert app.config["SECRET_KEY"].endswith("b1a0") and not app.config["TESTING"]
    assert app.config["PASSWORD_HASH_METHOD"] == "argon2id:m=19456,t=2,p=1"
    assert app.config["TWO_FACTOR_REQUIRED"] is True
    monkeypatch.setenv("PORTAL_2FA_REQUIRED", "0")
    assert create_app("production").config["TWO_FACTOR_REQUIRED"] is False
    monkeypatch.delenv("PORTAL_2FA_REQUIRED")
    assert create_app("development").config["TWO_FACTOR_REQUIRED"] is False


# --- API errors are JSON -------------------------------------------------------------------------------------------


def test_api_errors_are_json(app, world, login_as, client):
    anonymous = app.test_client()
    answers = {401: anonymous.get("/api/v1/documents")}
    login_as("member_b")
    answers[403] = client.get("/api/v1/materials/%d/acknowledgements" % world.material_a)
    answers[404] = client.get("/api/v1/does-not-exist")
    answers[405] = client.delete("/api/v1/documents", headers={"X-CSRFToken": client.csrf_token()})
    app.config["MAX_CONTENT_LENGTH"] = 1024
    answers[413] = client.post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(b"x" * 4096), "a.txt")},
        content_type="multipart/form-data",
        headers={"X-CSRFToken": client.csrf_token()},
    )
    for status, response in answers.items():
        assert response.status_code in (status, 404 if status == 403 else status), (status, response.status_code)
        assert response.is_json and "message" in response.json["error"], (status, response.get_data(as_text=True)[:200])


def test_api_500_is_json(app, login_as, client, monkeypatch):
    from portal.services import documents

    def boom(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(documents, "list_documents", boom)
    login_as("member")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/v1/documents")
    assert response.status_code == 500 and response.is_json
    assert "hỏng" not in response.get_data(as_text=True)
