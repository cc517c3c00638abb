"""The layering contract, as tests: services and the pure cores never reach into the web layer, and no module imports
another that imports it back.

import-linter (``lint-imports``, contracts in pyproject.toml) checks the package graph; it cannot see *which names*
come from ``flask``, so the AST walk below refuses ``from flask import request`` (and url_for, g, session, templates)
in services, and every Flask import in the cores.
"""

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
import_graph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(import_graph)

CORES = ["text", "extraction", "plan", "search"]
# The request world: what a service or a core must never import from flask.
REQUEST_NAMES = {
    "request",
    "url_for",
    "g",
    "session",
    "render_template",
    "render_template_string",
    "redirect",
    "flash",
    "make_response",
    "has_request_context",
}
WEB_MODULES = ("portal.web", "portal.blueprints", "portal.navigation", "portal.forms", "portal.cli", "flask_login")
FLASK_MODULES = ("flask", "flask_login", "flask_wtf", "werkzeug", "jinja2")
# Known and owned elsewhere: search.jobs reads current_app for the app's index manager until the background-job
# mechanism (issue 11 §5) replaces it. Remove the entry when that lands; the test then holds the cores to no Flask.
CORE_FLASK_ALLOWED = {("portal/search/jobs.py", "flask", "current_app")}


def _module_name(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _absolute(module, level, path):
    """The absolute module of a (possibly relative) ImportFrom."""
    if not level:
        return module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join(base + ([module] if module else []))


def imports_of(source, path):
    """(module, name) pairs imported by the source: ("flask", "request") for ``from flask import request``,
    ("portal.web", None) for ``import portal.web``; relative imports resolved against ``path``."""
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, path)
            found += [(module, alias.name) for alias in node.names]
    return found


def _modules(pairs):
    """Every module a set of imports may name: ``from portal import web`` names portal and portal.web."""
    for module, name in pairs:
        yield module
        if name is not None:
            yield f"{module}.{name}"


def _is(module, prefixes):
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def service_violations(source, path):
    """What a service module must not import: the request world of flask, the web layer, templates."""
    pairs = imports_of(source, path)
    bad = [f"from flask import {name}" for module, name in pairs if module == "flask" and name in REQUEST_NAMES]
    bad += [module for module in _modules(pairs) if _is(module, WEB_MODULES)]
    return sorted(set(bad))


def core_violations(source, path):
    """What a pure core must not import: Flask (anything), the services, the web layer."""
    rel = str(path.relative_to(ROOT))
    pairs = imports_of(source, path)
    bad = [
        f"from {module} import {name}" if name else f"import {module}"
        for module, name in pairs
        if _is(module, FLASK_MODULES) and (rel, module, name) not in CORE_FLASK_ALLOWED
    ]
    bad += [module for module in _modules(pairs) if _is(module, ("portal.services",) + WEB_MODULES)]
    return sorted(set(bad))


def _files(folder):
    return sorted((ROOT / "portal" / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _files("services"), ids=lambda p: str(p.relative_to(ROOT / "portal")))
def test_services_stay_out_of_the_request_world(path):
    assert service_violations(path.read_text(encoding="utf-8"), path) == []


@pytest.mark.parametrize(
    "path", [p for core in CORES for p in _files(core)], ids=lambda p: str(p.relative_to(ROOT / "portal"))
)
def test_cores_import_no_flask_services_or_web(path):
    assert core_violations(path.read_text(encoding="utf-8"), path) == []


# Services that still read settings from the app (house rule: only where unavoidable; prefer passing settings).
# A ratchet: a new service module reading current_app fails here; one that stops may be dropped from the list.
SERVICES_READING_APP_CONFIG = {
    "accounts/users.py",  # the password hash method and the sign-in throttle
    "accounts/two_factor.py",  # the secret key the TOTP secrets are encrypted under, and whether 2FA is required
    "documents/writes.py",  # the upload size limit; index jobs applied after an upload
    "materials/editing.py",  # the Markdown render timeout
    "notifications.py",  # SMTP settings (mail moves to the background-job mechanism)
    "ops/integrity.py",  # the orphan-file grace period, when the caller gives none
    "storage.py",  # the upload folder
}


def test_services_reading_app_settings_do_not_grow():
    services = ROOT / "portal" / "services"
    readers = {
        str(path.relative_to(services))
        for path in _files("services")
        if ("flask", "current_app") in imports_of(path.read_text(encoding="utf-8"), path)
    }
    assert readers <= SERVICES_READING_APP_CONFIG, sorted(readers - SERVICES_READING_APP_CONFIG)


def test_the_checks_catch_what_they_forbid():
    """The walkers above refuse each forbidden form (a check that cannot fail proves nothing)."""
    service = ROOT / "portal" / "services" / "materials" / "example.py"
    assert service_violations("from flask import current_app, url_for", service) == ["from flask import url_for"]
    assert service_violations("from flask import request as r", service) == ["from flask import request"]
    assert service_violations("from portal.web import client_ip", service) == ["portal.web", "portal.web.client_ip"]
    assert service_violations("from ...blueprints.links import target_url", service)[0] == "portal.blueprints.links"
    assert service_violations("import flask_login", service) == ["flask_login"]
    assert service_violations("from flask import current_app", service) == []
    core = ROOT / "portal" / "search" / "example.py"
    assert core_violations("from flask import current_app", core) == ["from flask import current_app"]
    assert core_violations("import werkzeug.routing", core) == ["import werkzeug.routing"]
    assert core_violations("from portal import web", core) == ["portal.web"]
    assert core_violations("from portal.services import audit", core)[0] == "portal.services"
    assert core_violations("from ..services.materials import reads", core)[0] == "portal.services.materials"
    assert core_violations("from portal.text import fold", core) == []


def test_no_import_cycle_between_modules():
    """Every import counts, at module level or inside a function (grimp's graph, as import-linter builds it)."""
    edges = import_graph.module_graph()
    assert len(edges) > 100  # the whole portal was read
    assert import_graph.cycles(edges) == []


def test_cycle_finder_finds_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_graph.cycles(edges) == [["a", "b", "c"]]
    assert import_graph.cycles({"a": {"b"}, "b": set()}) == []


def test_import_linter_contracts_are_kept():
    """`lint-imports` with the contracts in pyproject.toml (layers; cores without Flask; services without web)."""
    exe = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
