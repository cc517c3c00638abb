"""gunicorn settings for `make serve`; override with GUNICORN_CMD_ARGS or PORTAL_* variables.

Sizing (docs/DEPLOYMENT.md): a request is CPU-bound Python under one GIL per process, so processes, not threads, use
the cores. `workers` defaults to 2 x cores (one process computes while another waits on SQLite, the disk or the
client); `threads` stays small (2) so one process never queues many CPU-bound requests behind its GIL.

Connections must not be pinned to one process. A gthread worker accepts connections while it holds fewer than
`worker_connections`, and keeps a client's connection open between requests (keep-alive). In the load test one worker
took all 20 keep-alive connections (69.6 of 70.5 CPU-seconds) while the others idled; bounding each worker to a few
kept connections then starved the clients left in the accept queue. So by default a worker accepts a connection only
when it has a free thread (`worker_connections = threads`) and closes it after the answer (`keepalive = 0`): every
request goes through the shared accept queue to a process that can start it now. A reconnect costs a fraction of a
millisecond on the LAN; nginx in front keeps its own keep-alive with the browsers (docs/DEPLOYMENT.md §10).
PORTAL_KEEPALIVE=N (seconds) turns keep-alive back on, with room for N idle connections per worker.
"""

import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PORTAL_WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(os.environ.get("PORTAL_THREADS", "2"))
keepalive = int(os.environ.get("PORTAL_KEEPALIVE", "0"))
worker_connections = int(os.environ.get("PORTAL_WORKER_CONNECTIONS", str(threads * (2 if keepalive else 1))))
timeout = int(os.environ.get("PORTAL_WORKER_TIMEOUT", "180"))
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
limit_request_field_size = 16384


def post_worker_init(worker):
    """Each worker, once the app is loaded: open the index and templates, then freeze the long-lived heap (gc)."""
    from portal.warmup import warm_up_and_freeze

    frozen = warm_up_and_freeze(worker.wsgi)
    worker.log.info("worker %s: %d long-lived objects frozen out of the garbage collector", worker.pid, frozen)


def _no_server_banner():
    """Send no `Server` header: the answer names neither gunicorn nor its version (issue 12, §9)."""
    from gunicorn.http import wsgi

    original = wsgi.Response.default_headers
    if getattr(original, "portal_no_banner", False):
        return

    def default_headers(self):
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers.portal_no_banner = True
    wsgi.Response.default_headers = default_headers


_no_server_banner()
