"""Fuzz every route of the URL map with malformed input: no answer is a 5xx, and refusals speak Vietnamese.

Path ids beyond 64 bits, negative and textual ids, control characters, search syntax the engine refuses, huge and
textual numbers in query strings and form fields, CR/LF in ``next=``: each must end in a 4xx (or a normal page),
never a 500. API answers stay JSON.
"""

import re

import pytest

HUGE = "9" * 25
JUST_OVER = str(2**63)  # one past the largest 64-bit integer
ROLES = ["admin", "secretary", "member"]
SKIP = {"auth.logout", "static"}

PATH_TEXT = ["II.2", HUGE, "**", "*cách", "%00", "%0d%0aX", "a" * 300, "..%2F..%2Fetc"]
QUERY_SETS = [
    {"q": "**"},
    {"q": "*cách"},
    {"q": "c?i", "prefix": "c?i"},
    {"q": "cải cách", "prefix": "**", "type": "\x01", "sort": "\x07", "kind": "\x00"},
    {
        k: HUGE
        for k in ("plan", "page", "offset", "limit", "year", "period", "unit", "task", "material", "user", "status")
    },
    {k: JUST_OVER for k in ("plan", "page", "offset", "year", "period", "unit", "document", "target")},
    {"plan": "abc", "page": "-1", "limit": "x", "year": "abc", "unit": "\x00", "period": "-5", "offset": "1e9"},
    {"next": "/\r\nLocation: http://evil.example", "prefix": "cách\x00"},
]
FORM_FIELDS = [
    "document_id",
    "task_id",
    "task",
    "tasks",
    "task_codes",
    "relation",
    "unit",
    "unit_id",
    "unit_codes",
    "units",
    "period_id",
    "target",
    "value",
    "evidence_document_id",
    "plan",
    "plan_id",
    "version",
    "title",
    "visibility",
    "secrecy",
    "user_id",
    "roles",
    "role",
    "code",
    "status",
    "slot_id",
    "deadline",
    "publish_on",
    "documents",
    "audience",
    "kind",
    "note",
    "comment",
    "found_on",
    "due_on",
    "number",
    "issued_on",
    "name",
    "parent",
    "username",
    "full_name",
    "is_active",
    "summary",
    "body_md",
    "content",
]
FORM_SETS = [
    {k: HUGE for k in FORM_FIELDS},
    {k: "abc" for k in FORM_FIELDS} | {"next": "/\t/evil.example"},
    {k: "\x00\x01\r\n\x1b=cmd|' /C calc'!A0" for k in FORM_FIELDS},
    {k: "-1" for k in FORM_FIELDS} | {"next": "/\r\nX-Evil: 1"},
]


def _path(rule, w, variant):
    """A URL for the rule: real ids (variant None) or the given malformed value in every argument."""
    values = {
        "document_id": w.doc_a,
        "version_id": w.version[w.doc_a],
        "material_id": w.material_a,
        "period_id": w.period,
        "slot_id": w.slot_a,
        "finding_id": w.finding,
        "user_id": w.user_member,
        "token_id": 1,
        "plan_id": 1,
        "link_id": 1,
        "code": "II.2",
        "fmt": "csv",
        "filename": "favicon.svg",
    }
    url = rule.rule
    for name in rule.arguments:
        value = values.get(name, 1) if variant is None else variant
        url = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), url)
    return url


def _rules(app):
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint not in SKIP), key=lambda r: (r.rule, sorted(r.methods))
    )


def _check(response, method, url, problems):
    if response.status_code >= 500:
        problems.append(f"{method} {url!r} -> {response.status_code}")
    elif url.startswith("/api/") and response.status_code >= 400 and not response.is_json:
        problems.append(f"{method} {url!r} -> {response.status_code} not JSON")


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_5xx_to_malformed_input(role, world, login_as, client, app):
    login_as(role)
    problems, count = [], 0
    for rule in _rules(app):
        methods = rule.methods - {"HEAD", "OPTIONS"}
        variants = [None]
        if rule.arguments - {"filename"}:
            variants += [HUGE, JUST_OVER, "-1", "abc"] + (PATH_TEXT if set(rule.arguments) & {"code", "fmt"} else [])
        for variant in variants:
            url = _path(rule, world, variant)
            if "GET" in methods:
                for params in QUERY_SETS if variant is None else [{}]:
                    _check(client.get(url, query_string=params), "GET", url + str(params), problems)
                    count += 1
            if "POST" in methods:
                for form in FORM_SETS if variant is None else [{}]:
                    _check(client.post(url, data=form), "POST", url + str(sorted(form)[:3]), problems)
                    count += 1
                if url.startswith("/api/") and variant is None:
                    body = {k: HUGE for k in FORM_FIELDS} | {"targets": [{"code": HUGE, "value": HUGE}]}
                    _check(client.post(url, json=body), "POST json", url, problems)
                    count += 1
    assert count > 500
    assert problems == [], "\n".join(problems)


def test_huge_ids_in_paths_are_404_in_vietnamese(world, login_as, client):
    login_as("admin")
    for url in (f"/documents/{HUGE}", f"/materials/{JUST_OVER}", f"/reports/periods/{HUGE}", f"/plan/{JUST_OVER}"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Không tìm thấy" in response.get_data(as_text=True)
    response = client.get(f"/api/v1/documents/{JUST_OVER}")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("prefix", ["**", "*cách", "c?i"])
def test_autocomplete_syntax_the_search_refuses_is_400_json(prefix, world, login_as, client):
    login_as("member")
    search = client.get("/api/v1/search", query_string={"q": prefix})
    response = client.get("/api/v1/autocomplete", query_string={"q": prefix, "prefix": prefix})
    assert search.status_code == 400
    assert response.status_code == 400
    assert response.json["error"]["message"]
