"""gunicorn settings for `make serve`; override with GUNICORN_CMD_ARGS or PORTAL_* variables."""

import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PORTAL_WORKERS", "3"))
threads = int(os.environ.get("PORTAL_THREADS", "2"))
timeout = int(os.environ.get("PORTAL_WORKER_TIMEOUT", "180"))
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
limit_request_field_size = 16384
