"""The access table: every route and API endpoint, for every role and for anonymous users, against real objects.

An explicit table fixes the answer class for the important routes (IDOR on documents, versions, report slots and
materials included); a generic rule covers every other route: nothing answers 500, anonymous users never get a page.
"""

import re

import pytest

ROLES_FOR_ACCESS = [
    "anonymous",
    "admin",
    "secretariat",
    "inspector",
    "secretary",
    "secretary_b",
    "member",
    "member_b",
    "leader",
]

OPEN_TO_ANONYMOUS = {"auth.login", "static", "main.healthz"}
OK, LOGIN, UNAUTH, DENIED, GONE = "200", "login", "401", "denied", "404"
ALL = ROLES_FOR_ACCESS


def _classify(response):
    """The class of an answer: 200, login (302 to the login page), 401, denied (403/404), or the raw code."""
    code = response.status_code
    if code == 302 and "/auth/login" in response.headers.get("Location", ""):
        return LOGIN
    if code in (403, 404):
        return DENIED
    return str(code)


def _fill(rule, w, doc=None):
    """A concrete URL for a rule, with ids of real objects."""
    doc = doc or w.doc_a
    values = {
        "document_id": doc,
        "version_id": w.version.get(doc, 1),
        "material_id": w.material_a,
        "period_id": w.period,
        "slot_id": w.slot_a,
        "finding_id": w.finding,
        "user_id": w.user_member,
        "token_id": 1,
        "job_id": 1,
        "plan_id": 987654,
        "link_id": 987654,
        "entry_id": 1,
        "code": "II.2",
        "fmt": "csv",
        "filename": "favicon.svg",
    }
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(values[name]), url)
    return url


def _who_sees(*roles):
    return {role: (OK if role in roles else DENIED) for role in ALL if role != "anonymous"}


LEADERS = ("secretariat", "inspector", "admin")
# (label, url builder, {role: class}); anonymous is LOGIN for pages and UNAUTH for the API unless stated.
TABLE = [
    ("document of branch A", lambda w: f"/documents/{w.doc_a}", _who_sees("member", "secretary", *LEADERS)),
    ("document of branch B", lambda w: f"/documents/{w.doc_b}", _who_sees("member_b", "secretary_b", *LEADERS)),
    ("leadership-only document", lambda w: f"/documents/{w.doc_lead}", _who_sees("leader", *LEADERS)),
    ("secret document of branch A", lambda w: f"/documents/{w.doc_secret}", _who_sees("secretary", "leader", *LEADERS)),
    ("public document", lambda w: f"/documents/{w.doc_public}", _who_sees(*ALL)),
    ("synonym list", lambda w: "/search/synonyms", _who_sees("secretariat", "admin")),
    ("synonym entry", lambda w: "/search/synonyms/1", _who_sees("secretariat", "admin")),
    (
        "download, branch B",
        lambda w: f"/documents/{w.doc_b}/versions/{w.version[w.doc_b]}/download",
        _who_sees("member_b", "secretary_b", *LEADERS),
    ),
    (
        "download, secret",
        lambda w: f"/documents/{w.doc_secret}/versions/{w.version[w.doc_secret]}/download",
        _who_sees("secretary", "leader", *LEADERS),
    ),
    (
        "IDOR: public document, version of branch B",
        lambda w: f"/documents/{w.doc_public}/versions/{w.version[w.doc_b]}/download",
        _who_sees(),
    ),
    (
        "API document of branch B",
        lambda w: f"/api/v1/documents/{w.doc_b}",
        _who_sees("member_b", "secretary_b", *LEADERS),
    ),
    (
        "API download, leadership",
        lambda w: f"/api/v1/documents/{w.doc_lead}/versions/{w.version[w.doc_lead]}/download",
        _who_sees("leader", *LEADERS),
    ),
    (
        "API IDOR: version of another document",
        lambda w: f"/api/v1/documents/{w.doc_public}/versions/{w.version[w.doc_lead]}/download",
        _who_sees(),
    ),
    (
        "edit document of branch A",
        lambda w: f"/documents/{w.doc_a}/edit",
        _who_sees("secretary", "secretariat", "admin"),
    ),
    (
        "material for branch A",
        lambda w: f"/materials/{w.material_a}",
        _who_sees("member", "secretary", "secretariat", "admin"),
    ),
    ("report slot of branch A", lambda w: f"/reports/slots/{w.slot_a}", _who_sees("secretary", *LEADERS)),
    ("report slot of branch B", lambda w: f"/reports/slots/{w.slot_b}", _who_sees("secretary_b", *LEADERS)),
    ("admin users", lambda w: "/admin/users", _who_sees("admin")),
    ("audit log", lambda w: "/admin/audit", _who_sees("admin", "inspector")),
    ("background jobs", lambda w: "/admin/jobs", _who_sees("admin")),
    ("upload form", lambda w: "/documents/upload", _who_sees("secretary", "secretary_b", "secretariat", "admin")),
    ("scorecard", lambda w: "/reports/scorecard", _who_sees("secretary", "secretary_b", *LEADERS)),
    ("scorecard export", lambda w: "/reports/scorecard.csv", _who_sees("secretary", "secretary_b", *LEADERS)),
    ("monitor export", lambda w: "/reports/monitor.xlsx", _who_sees("secretary", "secretary_b", *LEADERS)),
    (
        "tracking of the material for branch A",
        lambda w: f"/materials/{w.material_a}/tracking",
        _who_sees("secretary", "secretariat", "admin"),
    ),
    (
        "export of the material for branch A",
        lambda w: f"/materials/{w.material_a}/export.csv",
        _who_sees("secretary", "secretariat", "admin"),
    ),
    (
        "export of all materials",
        lambda w: "/materials/export.xlsx",
        _who_sees("secretary", "secretary_b", "secretariat", "admin"),
    ),
]

# (label, url builder, roles allowed to write); every other signed-in role must get 403/404.
POST_TABLE = [
    ("record a finding", lambda w: "/reports/findings", ("inspector",)),
    ("update a finding", lambda w: f"/reports/findings/{w.finding}", ("inspector",)),
    (
        "remind about the material for branch A",
        lambda w: f"/materials/{w.material_a}/remind",
        ("secretary", "secretariat", "admin"),
    ),
    ("publish a material", lambda w: f"/materials/{w.material_a}/publish", ("secretariat", "admin")),
    ("return a report of branch A", lambda w: f"/reports/slots/{w.slot_a}/return", ("secretariat", "admin")),
    ("submit for branch A", lambda w: f"/reports/slots/{w.slot_a}/submit", ("secretary",)),
    (
        "trash the document of branch B",
        lambda w: f"/documents/{w.doc_b}/trash",
        ("secretary_b", "secretariat", "admin"),
    ),
    ("link the leadership document", lambda w: f"/plan/documents/{w.doc_lead}/links", ("secretariat", "admin")),
]


@pytest.mark.parametrize("role", ALL)
def test_explicit_access_table(role, world, login_as, client):
    login_as(role)
    wrong = []
    for label, build, expected in TABLE:
        url = build(world)
        want = expected.get(role) if role != "anonymous" else (UNAUTH if url.startswith("/api/") else LOGIN)
        got = _classify(client.get(url))
        if got != want:
            wrong.append(f"{label} {url}: expected {want}, got {got}")
    assert wrong == []


@pytest.mark.parametrize("role", ALL)
def test_every_route_for_every_role(role, world, login_as, client, app):
    """Every GET route: no 500; anonymous only reaches login, static and healthz; the API never answers HTML."""
    login_as(role)
    problems = []
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
    for rule in rules:
        if "GET" not in rule.methods or rule.endpoint in ("auth.logout",):
            continue
        url = _fill(rule, world)
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        if role == "anonymous" and response.status_code == 200 and rule.endpoint not in OPEN_TO_ANONYMOUS:
            problems.append(f"{url}: anonymous got 200")
        if url.startswith("/api/") and response.status_code >= 400 and not response.is_json:
            problems.append(f"{url}: API answered {response.status_code} with {response.mimetype}")
    assert problems == []


@pytest.mark.parametrize("role", ["anonymous", "member", "member_b", "secretary_b", "leader"])
def test_every_post_route_denies_or_validates(role, world, login_as, client, app):
    """Every POST route with an empty form: login/401 for anonymous; never 500 for anyone."""
    login_as(role)
    problems = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "POST" not in rule.methods or rule.endpoint in ("auth.logout", "auth.login"):
            continue
        url = _fill(rule, world)
        response = client.post(url, data={})
        got = _classify(response)
        if response.status_code >= 500:
            problems.append(f"POST {url}: {response.status_code}")
        if role == "anonymous" and got not in ((UNAUTH,) if url.startswith("/api/") else (LOGIN,)):
            problems.append(f"POST {url}: anonymous got {response.status_code}")
    assert problems == []


@pytest.mark.parametrize("role", [r for r in ALL if r != "anonymous"])
def test_post_table_refuses_every_role_without_the_permission(role, world, login_as, client, app):
    """Explicit rows (findings, tracking, reports, materials) and every POST route's declared permission: a role
    without it is refused with 403/404, never served, never a validation answer."""
    from support import TEST_USERS

    from portal.security import PERMISSIONS

    login_as(role)
    held = set(TEST_USERS[role][0])
    wrong = []
    for label, build, allowed in POST_TABLE:
        if role in allowed:
            continue
        response = client.post(build(world), data={})
        if response.status_code not in (403, 404):
            wrong.append(f"{label}: {role} got {response.status_code}")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        permission = getattr(app.view_functions[rule.endpoint], "permission", None)
        if "POST" not in rule.methods or permission is None or held & set(PERMISSIONS[permission]):
            continue
        response = client.post(_fill(rule, world), data={})
        if response.status_code not in (403, 404):
            wrong.append(f"POST {rule.rule} ({permission}): {role} got {response.status_code}")
    assert wrong == []
