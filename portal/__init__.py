"""The portal's application factory: it reads like a table of contents."""

import os

from flask import Flask

from . import clock
from .extensions import csrf, db, login_manager, migrate


def create_app(config=None):
    """Create the Flask app. `config` is a config class, a name ('testing', 'production') or a dict of overrides."""
    app = Flask(__name__, instance_relative_config=False)
    load_config(app, config)
    app.json.ensure_ascii = False
    register_extensions(app)
    register_security(app)
    register_templates(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_jobs(app)
    return app


def load_config(app, config):
    """The config class chosen by argument or PORTAL_ENV, then the PORTAL_* environment, then any dict overrides."""
    from config import CONFIGS, ProductionConfig, settings_from_environment

    overrides = config if isinstance(config, dict) else {}
    name = config if isinstance(config, str) else os.environ.get("PORTAL_ENV", "development")
    cls = config if isinstance(config, type) else CONFIGS[name]
    app.config.from_object(cls)
    app.config.update(settings_from_environment(os.environ, cls))
    app.config.update(overrides)
    app.config.update({k: v for k, v in cls.derived(app.config).items() if k not in overrides})
    if issubclass(cls, ProductionConfig):
        ProductionConfig.validate(os.environ.get("PORTAL_SECRET_KEY", ""))
        ProductionConfig.validate(app.config["SECRET_KEY"])
    for key in ("INDEX_DIR", "UPLOAD_DIR"):
        os.makedirs(app.config[key], exist_ok=True)
    clock.set_timezone(app.config.get("TIMEZONE"))


def register_extensions(app):
    """Bind the extensions and the database engine behaviour."""
    from . import (
        database,  # noqa: F401  (engine events)
        models,  # noqa: F401  (register tables)
    )

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    login_manager.init_app(app)


def register_security(app):
    """Sessions checked against the server, Bearer tokens for the API, security headers, bounded ids in URLs."""
    from . import converters
    from .web import bind_actor, security_headers, setup_login, unbind_actor

    converters.register(app)
    setup_login(app, login_manager)
    app.before_request(bind_actor)
    app.teardown_request(unbind_actor)
    app.after_request(security_headers)


def register_templates(app):
    """Jinja filters (dates dd/mm/yyyy) and globals (navigation, permissions)."""
    from .web import register_template_helpers

    register_template_helpers(app)


def register_blueprints(app):
    """One blueprint per area of the site."""
    from .blueprints import BLUEPRINTS

    for blueprint, prefix in BLUEPRINTS():
        app.register_blueprint(blueprint, url_prefix=prefix)


def register_errorhandlers(app):
    """Vietnamese error pages for the web, JSON errors for the API."""
    from .blueprints.errors import register

    register(app)


def register_commands(app):
    """Flask command groups: units, users, demo, documents, search, plan, check, backup."""
    from .cli import register

    register(app)


def register_jobs(app):
    """Background jobs: every domain's kinds, the index after write requests, and this process's own runner.

    The runner starts with the first request of each web process (so a forked gunicorn worker starts its own and a
    CLI command starts none); ``PORTAL_JOBS_INLINE=0`` leaves the work to ``flask worker`` processes.
    """
    from flask import current_app

    from .search import jobs as search_jobs
    from .services import jobs
    from .web import run_jobs_after_request, start_job_runner

    search_jobs.configure(app_finder=lambda: current_app._get_current_object())
    jobs.load_domains()
    app.after_request(run_jobs_after_request)
    if app.config.get("JOBS_INLINE"):
        app.before_request(start_job_runner)
