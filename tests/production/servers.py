"""Real servers for production tests and the load test: gunicorn subprocesses, the index worker, and a urllib client
that signs in through the login form (cookie jar + CSRF token parsing), like a browser would."""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
STRONG_KEY = "test-only-" + "8c1f0e6b2d4a49e3b7a5c9d1f3e5a7b9c0d2e4f6"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port():
    """A free loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(db_url, index_dir, upload_dir, **extra):
    """Environment for a portal process: production config, a strong test key, shared folders."""
    env = dict(
        os.environ,
        PORTAL_ENV="production",
        PORTAL_SECRET_KEY=STRONG_KEY,
        PORTAL_DATABASE_URL=db_url,
        PORTAL_INDEX_DIR=str(index_dir),
        PORTAL_UPLOAD_DIR=str(upload_dir),
        FLASK_APP="portal",
        PORTAL_COOKIE_SECURE="0",
        PORTAL_EXTRACT_TIMEOUT="20",
        # Scripted clients sign in with the password alone; the second factor has its own tests
        # (tests/services/accounts/test_two_factor.py, tests/production/test_gunicorn.py).
        PORTAL_2FA_REQUIRED="0",
        PYTHONPATH=ROOT,
    )
    env.pop("PORTAL_TEST_DATABASE_URL", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Server:
    """One gunicorn process tree on a loopback port."""

    def __init__(self, env, workers=2, threads=2, port=None, log_path=None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path or os.devnull, "ab")
        cmd = [
            os.path.join(BIN, "gunicorn"),
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
            "wsgi:app",
        ]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=self.log, start_new_session=True)

    def wait_ready(self, timeout=60):
        """Wait until /healthz answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise TimeoutError(f"server on {self.port} did not start")

    def kill9(self):
        """SIGKILL the whole process group (master and workers), as a power cut would."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)

    def stop(self):
        """SIGTERM, then SIGKILL if it lingers."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill9()
        self.log.close()


def start_worker(env, log_path=None):
    """`flask search worker --poll 0.3`: the one process applying index jobs."""
    log = open(log_path or os.devnull, "ab")
    return subprocess.Popen(
        [os.path.join(BIN, "flask"), "search", "worker", "--poll", "0.3"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


def stop_process(proc):
    """Terminate a process group we started."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


class HttpUser:
    """A browser-like client: cookie jar, CSRF token read from pages, keep-alive not needed for tests."""

    def __init__(self, base, timeout=60):
        self.base = base
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.csrf = ""

    def request(self, method, path, data=None, headers=None):
        """(status, headers, body bytes); never raises for HTTP status codes."""
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get(self, path):
        status, headers, body = self.request("GET", path)
        match = CSRF.search(body.decode("utf-8", "replace"))
        if match:
            self.csrf = match.group(1)
        return status, headers, body

    def login(self, username, password):
        """Sign in through the form; True on the 302 to the home page."""
        self.get("/auth/login")
        form = urllib.parse.urlencode({"csrf_token": self.csrf, "username": username, "password": password}).encode()
        status, _, _ = self.request("POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        self.get("/notifications")  # a fresh token for the signed-in session
        return status == 302

    def upload(self, filename, content, **fields):
        """POST /api/v1/documents (multipart) with the session cookie and CSRF header; (status, json or None)."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        quoted = urllib.parse.quote(filename)
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{quoted}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        status, _, body = self.request(
            "POST",
            "/api/v1/documents",
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRFToken": self.csrf},
        )
        try:
            return status, json.loads(body)
        except ValueError:
            return status, None

    def get_json(self, path):
        status, _, body = self.request("GET", path)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Keep 302 answers visible to the test (login success is a redirect)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def copy_template_db(template, target):
    """A private copy of the migrated, seeded test database."""
    shutil.copy(template, target)
    return f"sqlite:///{target}"
