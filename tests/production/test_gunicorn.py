"""The production server as configured by gunicorn.conf.py: no version banner, keep-alive clients spread over the
workers instead of all landing on one, and each worker freezes its start-up heap out of the garbage collector."""

import http.client
import os
import threading

import pytest
from servers import Server, copy_template_db, site_env


def _children(pid):
    """The worker processes of a gunicorn master."""
    with open(f"/proc/{pid}/task/{pid}/children") as fh:
        return [int(p) for p in fh.read().split()]


def _cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.fixture
def server(tmp_path, migrated_db):
    env = site_env(copy_template_db(migrated_db, tmp_path / "portal.db"), tmp_path / "i", tmp_path / "u")
    log = tmp_path / "gunicorn.log"
    srv = Server(env, workers=3, threads=2, log_path=log).wait_ready(90)
    yield srv, log
    srv.stop()


@pytest.mark.slow
def test_no_server_banner_and_the_heap_is_frozen(server):
    srv, log = server
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    conn.request("GET", "/auth/login")
    response = conn.getresponse()
    response.read()
    assert response.status == 200
    assert response.getheader("Server") is None
    assert "gunicorn" not in str(response.headers).lower()
    conn.close()
    assert "frozen out of the garbage collector" in log.read_text()


@pytest.mark.slow
def test_keep_alive_clients_spread_over_the_workers(server):
    """12 clients on keep-alive connections, no think time: every worker does a real share of the work."""
    srv, _ = server
    workers = _children(srv.proc.pid)
    assert len(workers) == 3
    before = {pid: _cpu_ticks(pid) for pid in workers}
    errors = []

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        for _ in range(40):
            try:
                conn.request("GET", "/auth/login")
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    used = {pid: _cpu_ticks(pid) - before[pid] for pid in workers}
    total = sum(used.values())
    assert not errors and total > 0
    assert max(used.values()) / total < 0.7, used  # before: one worker took ~99 % of the CPU
    assert sum(1 for ticks in used.values() if ticks / total > 0.1) >= 2, used
    assert os.cpu_count()
