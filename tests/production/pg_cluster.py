"""A throwaway PostgreSQL cluster for tests: initdb in a temp folder, a free loopback port, stopped at the end.

Used by tests/production/conftest.py (fixture `pg_server`) and as a wrapper that runs pytest against PostgreSQL:

    python tests/production/pg_cluster.py -- python -m pytest tests/production/test_postgres.py

starts a cluster, exports PORTAL_TEST_DATABASE_URL (so the shared `app` fixture migrates and seeds it), runs the
command and stops the cluster. Without PostgreSQL binaries it prints why and skips (exit 0), except under CI=true.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

DB_USER = "portal"


def find_bin_dir():
    """The folder of Debian's initdb/pg_ctl (newest version), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]), reverse=True)
    if candidates:
        return os.path.dirname(candidates[0])
    found = shutil.which("initdb")
    return os.path.dirname(found) if found else None


def free_port():
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unavailable_reason():
    """Why a cluster cannot be started here, or None."""
    if find_bin_dir() is None:
        return "PostgreSQL chưa được cài (không thấy initdb trong /usr/lib/postgresql/*/bin)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "đang chạy bằng root nhưng không có người dùng hệ thống 'postgres' để chạy initdb"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "thiếu gói psycopg"
    return None


class Cluster:
    """One temporary PostgreSQL cluster (start/stop, create databases)."""

    def __init__(self):
        self.bin = find_bin_dir()
        self.root = tempfile.mkdtemp(prefix="portal-pg-")
        self.data = os.path.join(self.root, "data")
        self.sock = os.path.join(self.root, "sock")
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args, check=True):
        """Run a PostgreSQL binary (as the postgres user when we are root)."""
        cmd = [os.path.join(self.bin, args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    def start(self):
        """initdb, then pg_ctl start on 127.0.0.1:port with the socket inside the temp folder."""
        os.makedirs(self.sock)
        if self.as_postgres:
            pw = pwd.getpwnam("postgres")
            for path in (self.root, self.sock):
                os.chown(path, pw.pw_uid, pw.pw_gid)
        self._run("initdb", "-D", self.data, "-U", DB_USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sock} -c fsync=off -c full_page_writes=off "
            "-c synchronous_commit=off -c max_connections=100"
        )
        self._run(
            "pg_ctl", "-D", self.data, "-o", opts, "-l", os.path.join(self.root, "log"), "-w", "-t", "60", "start"
        )
        return self

    def url(self, dbname="postgres"):
        """SQLAlchemy URL (psycopg 3) of a database in this cluster."""
        return f"postgresql+psycopg://{DB_USER}@127.0.0.1:{self.port}/{dbname}"

    def dsn(self, dbname="postgres"):
        """libpq DSN (for pg_dump/psql and psycopg.connect)."""
        return f"postgresql://{DB_USER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name):
        """CREATE DATABASE name; returns its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self):
        """pg_ctl stop (fast) and remove the temp folder."""
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def main(argv):
    """Wrapper: start a cluster, run the command after `--` with PORTAL_TEST_DATABASE_URL set, stop it."""
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    reason = unavailable_reason()
    if reason:
        print(f"Bỏ qua kiểm thử trên PostgreSQL: {reason}.", flush=True)
        return 1 if os.environ.get("CI") == "true" else 0
    cluster = Cluster().start()
    try:
        env = dict(
            os.environ,
            PORTAL_TEST_DATABASE_URL=cluster.create_database("portal_test"),
            PORTAL_TEST_PG_BASE=cluster.url(),
        )
        print(f"PostgreSQL tạm thời ở 127.0.0.1:{cluster.port}", flush=True)
        started = time.monotonic()
        code = subprocess.call(command, env=env)
        print(f"Kiểm thử trên PostgreSQL: {time.monotonic() - started:.1f} s", flush=True)
        return code
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# --- pytest fixtures (imported by tests/production/conftest.py and tests/security/conftest.py) ---------------------

try:
    import pytest
except ImportError:  # the wrapper runs without pytest imported
    pytest = None

if pytest is not None:

    @pytest.fixture(scope="session")
    def pg_server():
        """A throwaway PostgreSQL cluster for the session; skips (fails under CI=true) without PostgreSQL."""
        reason = unavailable_reason()
        if reason:
            if os.environ.get("CI") == "true":
                pytest.fail(f"PostgreSQL bắt buộc trong CI: {reason}")
            print(f"\nBỏ qua kiểm thử PostgreSQL: {reason}")
            pytest.skip(reason)
        cluster = Cluster().start()
        yield cluster
        cluster.stop()

    @pytest.fixture
    def pg_url(pg_server, request):
        """A fresh, empty PostgreSQL database for one test; its SQLAlchemy URL."""
        name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
        return pg_server.create_database(name)
