"""Start-up of a server process: load what every request uses, then freeze the long-lived heap out of the collector.

A full garbage collection walks every tracked object. After start-up that is ~150k long-lived objects (modules,
templates, the index reader's caches) that never become garbage, and walking them took 85-108 ms, one collection in
every 2-10 requests at 10k-30k documents. `gc.freeze()` moves them to a permanent generation the collector skips.
gunicorn calls `warm_up_and_freeze` once per worker (gunicorn.conf.py, post_worker_init).
"""

import gc
import logging

log = logging.getLogger(__name__)

# Young-generation threshold: a request allocates tens of thousands of short-lived objects (rows, hits, template
# nodes); with Python's default of 700 they trigger many young collections that promote request garbage.
GEN0_THRESHOLD = 20_000
COMMON_TEMPLATES = (
    "base.html",
    "main/home.html",
    "documents/index.html",
    "documents/detail.html",
    "search/results.html",
)


def warm_up(app):
    """Open the database pool, the index searcher and its caches, and compile the common templates."""
    from sqlalchemy import text

    from .extensions import db

    with app.app_context():
        try:
            db.session.execute(text("SELECT 1"))
        finally:
            db.session.remove()
        try:
            from .search.jobs import get_manager

            manager = get_manager()
            manager.cache(manager.searcher())
        except Exception:  # noqa: BLE001 - an empty or missing index is opened on first use instead
            log.warning("Chưa mở được chỉ mục tìm kiếm khi khởi động; sẽ mở ở yêu cầu đầu tiên.", exc_info=True)
        for name in COMMON_TEMPLATES:
            try:
                app.jinja_env.get_template(name)
            except Exception:  # noqa: BLE001 - a template another area renamed is compiled on first use
                log.debug("template %s not preloaded", name)


def freeze_heap():
    """Collect once, then move every surviving object to the permanent generation; raise the young threshold."""
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)
    return gc.get_freeze_count()


def warm_up_and_freeze(app):
    """Both, in order: what start-up loads is frozen, requests start with a small heap to scan."""
    warm_up(app)
    return freeze_heap()
