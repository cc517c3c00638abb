"""End-to-end fixtures: a live portal (real server process on a loopback port, demo data) and headless Chromium.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright. Without it the tests skip with a reason, except under
CI=true, where they fail: `make test` installs it when run as root on Debian.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "Demo@LaoCai2026"


def _require_chromium():
    missing = not os.path.exists(CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    if missing:
        reason = "Chưa có Chromium (/usr/bin/chromium) hoặc Playwright: bỏ qua kiểm thử trình duyệt"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — nhưng trong CI không được bỏ qua.")
        pytest.skip(reason)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A portal on demo data served by a real process; yields its base URL."""
    _require_chromium()
    base = tmp_path_factory.mktemp("live")
    env = dict(
        os.environ,
        FLASK_APP="portal",
        PORTAL_DATABASE_URL=f"sqlite:///{base}/portal.db",
        PORTAL_INDEX_DIR=str(base / "idx"),
        PORTAL_UPLOAD_DIR=str(base / "up"),
        PORTAL_PASSWORD_HASH="pbkdf2:sha256:1000",
        PYTHONPATH=ROOT,
    )
    flask = [sys.executable, "-m", "flask"]
    for args in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    port = _free_port()
    server = subprocess.Popen(
        flask + ["run", "--port", str(port), "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(base / "server.log", "w"),
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        args = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ]
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) and page; console errors (e.g. CSP violations) fail the test."""
    context = browser.new_context(base_url=live_server, locale="vi-VN")
    pg = context.new_page()
    errors = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def sign_in(page, username, password=DEMO_PASSWORD):
    """Log in through the real form."""
    page.goto("/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("#nut-dang-nhap")
    page.wait_for_url("**/")


@pytest.fixture
def signed_in(page):
    """Call signed_in(username) to log the page in."""
    return lambda username: (sign_in(page, username), page)[1]
