"""gunicorn settings for `make serve`; override with GUNICORN_CMD_ARGS or PORTAL_* variables.

Sizing (docs/DEPLOYMENT.md): a request is CPU-bound Python under one GIL per process, so processes, not threads, use
the cores. `workers` defaults to 2 x cores (one process computes while another waits on SQLite, the disk or the
client); `threads` stays small (2) so one process never queues many CPU-bound requests behind its GIL.

Keep-alive must not pin clients to one process: a gthread worker accepts connections until it holds
`worker_connections`, and keeps at most `worker_connections - threads` idle ones open. With both at 2 x threads, a
worker holds at most 4 connections and closes the rest after their answer, so they reconnect through the shared
accept queue and land on an idle worker. The idle keep-alive timeout is 2 s.
"""

import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PORTAL_WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(os.environ.get("PORTAL_THREADS", "2"))
worker_connections = int(os.environ.get("PORTAL_WORKER_CONNECTIONS", str(2 * threads)))
keepalive = int(os.environ.get("PORTAL_KEEPALIVE", "2"))
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
