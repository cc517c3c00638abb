"""WSGI entry point for gunicorn: `gunicorn wsgi:app` (PORTAL_ENV=production refuses a missing secret key).

Each gunicorn worker imports this module after forking, so its background-job runner starts here at once (scheduled
notices go out even before the first request); with PORTAL_JOBS_INLINE=0 the `flask worker` processes run the jobs.
"""

from werkzeug.middleware.proxy_fix import ProxyFix

from portal import create_app
from portal.services.jobs import in_process_runner

app = create_app()
if app.config.get("TRUST_PROXY"):
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
if app.config.get("JOBS_INLINE"):
    in_process_runner(app)
