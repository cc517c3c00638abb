"""WSGI entry point for gunicorn: `gunicorn wsgi:app` (PORTAL_ENV=production refuses a missing secret key)."""

from werkzeug.middleware.proxy_fix import ProxyFix

from portal import create_app

app = create_app()
if app.config.get("TRUST_PROXY"):
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
