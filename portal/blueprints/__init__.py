"""Blueprints: one package per area of the site."""


def BLUEPRINTS():  # noqa: N802 - a table, read like a constant
    """(blueprint, url_prefix) for every area, imported lazily so the factory stays a table of contents."""
    from .admin import bp as admin
    from .api import bp as api
    from .auth import bp as auth
    from .documents import bp as documents
    from .main import bp as main
    from .materials import bp as materials
    from .plan import bp as plan
    from .reports import bp as reports
    from .search import bp as search

    return [
        (main, None),
        (auth, "/auth"),
        (admin, "/admin"),
        (documents, "/documents"),
        (search, "/search"),
        (plan, "/plan"),
        (reports, "/reports"),
        (materials, "/materials"),
        (api, "/api/v1"),
    ]
