"""The differential visibility test: a random world of documents and materials, every demo role, every surface,
compared with the rule table written once below (``may_read`` / ``may_read_material``, after docs/DESIGN.md).

The world: documents with random visibility, secrecy, owner unit, chosen units, trash, uploader, and made-as-part
(material attachments, report files, evidence) with one or two parents; materials with random status, publish date,
audience and deletion; plan links, target values and citations between the documents. Then, for each role: the web
and API lists, every page, every download (current and older versions), the API detail, search hits, totals, facets,
autocomplete, similar documents, citations, task documents, plan link counts, coverage, target pages, the home panel,
notifications and material pages. A second phase moves the clock past a publish date (no write) and changes
visibility data, and compares search and pages again at once: the cached visible set must never lag.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db

SEED = 20261202
N_DOCS = 44
N_MATERIALS = 8
WORD = "zorblat"
UNIT_KINDS = {
    "DUVP": "office",
    "BTV": "standing",
    "UBKT": "committee",
    "BPGV": "secretariat",
    "CB-A": "branch",
    "CB-B": "branch",
}
ROLES = {  # username -> (roles, unit), as tests/support.py seeds them
    "admin": ({"admin"}, "DUVP"),
    "secretariat": ({"member", "secretariat"}, "BPGV"),
    "inspector": ({"member", "inspector"}, "UBKT"),
    "secretary": ({"member", "branch_secretary"}, "CB-A"),
    "secretary_b": ({"member", "branch_secretary"}, "CB-B"),
    "member": ({"member"}, "CB-A"),
    "member_b": ({"member"}, "CB-B"),
    "leader": ({"member"}, "BTV"),
}
DOC_TYPES = ["chi_thi", "nghi_quyet", "bao_cao", "cong_van"]


# --- the rule, written once -------------------------------------------------------------------------------


@dataclass
class Doc:
    id: int = 0
    vis: str = "all"
    secrecy: str = "thuong"
    owner: str = "DUVP"
    units: set = field(default_factory=set)
    trashed: bool = False
    created_by: str = "admin"
    uploader_access: bool = True
    part_of: str | None = None
    parents: list = field(default_factory=list)  # ("material", id) | ("report", unit) | ("evidence", unit)
    doc_type: str = "khac"
    title: str = ""
    token: str = ""
    versions: list = field(default_factory=list)


@dataclass
class Mat:
    id: int = 0
    status: str = "draft"
    publish_on: object = None
    audience_all: bool = True
    units: set = field(default_factory=set)
    deleted: bool = False


def may_read_material(user, m, today):
    roles, unit = ROLES[user]
    if m.deleted:
        return False
    if roles & {"admin", "secretariat"}:
        return True
    live = m.status == "published" and (m.publish_on is None or m.publish_on <= today)
    return live and (m.audience_all or unit in m.units)


def may_read(user, d, materials, today):
    """The table of docs/DESIGN.md, "Who may read what"."""
    roles, unit = ROLES[user]
    if d.trashed:
        return False
    if roles & {"admin", "secretariat"}:
        return True
    ubkt = "inspector" in roles
    leader = ubkt or UNIT_KINDS[unit] in ("standing", "office")
    own_secretary = "branch_secretary" in roles and unit == d.owner
    if d.part_of is None:
        if ubkt or own_secretary:
            return True
        if d.created_by == user and d.uploader_access and roles & {"branch_secretary", "secretariat", "admin"}:
            return True
        seen = (
            d.vis == "all" or (d.vis == "units" and unit in {d.owner} | d.units) or (d.vis == "leadership" and leader)
        )
        return seen and (d.secrecy == "thuong" or leader)
    if d.secrecy != "thuong" and not (ubkt or leader or own_secretary):
        return False
    for kind, ref in d.parents:
        if kind == "material" and may_read_material(user, materials[ref], today):
            return True
        if kind in ("report", "evidence") and (unit == ref or ubkt or leader):
            return True
    return False


# --- the world --------------------------------------------------------------------------------------------


@dataclass
class World:
    docs: dict
    materials: dict
    tasks: dict  # code -> [document ids linked as evidence]
    plan_id: int
    target_code: str
    evidence: list  # document ids that are evidence of the target
    citations: dict  # source id -> [target ids]


def _units():
    from portal.models import Unit

    return {u.code: u.id for u in db.session.scalars(select(Unit))}


def _build(app, users, tmp_path):
    from portal.models import (
        Citation,
        Document,
        DocumentTaskLink,
        DocumentUnit,
        Material,
        MaterialDocument,
        MaterialUnit,
        Plan,
        PlanArea,
        PlanTarget,
        PlanTask,
        Submission,
        TargetValue,
    )
    from portal.services import documents, reporting

    rng = random.Random(SEED)
    today = clock.today_local()
    unit_ids = _units()
    codes = list(UNIT_KINDS)
    uploaders = ["admin", "secretariat", "secretary", "secretary_b"]
    docs = {}
    for i in range(N_DOCS):
        token = f"hs{i:03d}q"
        d = Doc(doc_type=rng.choice(DOC_TYPES), token=token, title=f"Hồ sơ {token} kiểm tra phạm vi")
        path = tmp_path / f"d{i}.txt"
        path.write_text(f"{d.title}. Nội dung {WORD} số {i} về cải cách hành chính {token}.", encoding="utf-8")
        doc = documents.upload_document(
            str(path), f"d{i}.txt", user=users["admin"], metadata={"title": d.title}, doc_type=d.doc_type
        ).document
        d.id = doc.id
        d.versions = [doc.current_version.id]
        if i % 9 == 0:
            path.write_text(f"{d.title}. Bản sửa {WORD} {token}.", encoding="utf-8")
            result = documents.add_version(doc, str(path), f"d{i}-v2.txt", users["admin"])
            d.versions = [v.id for v in result.document.versions]
        docs[d.id] = d
    materials = {}
    for i in range(N_MATERIALS):
        m = Mat(
            status=rng.choice(["draft", "published", "published"]),
            publish_on=rng.choice([None, today - timedelta(days=2), today + timedelta(days=3)]),
            audience_all=rng.random() < 0.4,
            deleted=rng.random() < 0.12,
        )
        if not m.audience_all:
            m.units = set(rng.sample(codes, rng.randint(1, 2)))
        row = Material(
            title=f"Tài liệu {i} quán triệt",
            body_md=f"Nội dung {WORD} tài liệu {i}",
            body_html=f"<p>Nội dung {WORD} tài liệu {i}</p>",
            status=m.status,
            publish_on=m.publish_on,
            audience_all=m.audience_all,
            published_at=clock.utcnow() if m.status == "published" else None,
            deleted_at=clock.utcnow() if m.deleted else None,
            created_by_id=users["secretariat"].id,
        )
        row.unit_rows = [MaterialUnit(unit_id=unit_ids[c]) for c in sorted(m.units)]
        db.session.add(row)
        db.session.flush()
        m.id = row.id
        materials[m.id] = m
    db.session.commit()  # the service below opens its own write transaction
    period = reporting.open_period(
        users["secretariat"],
        title="Đợt kiểm thử",
        kind="quy",
        deadline=today + timedelta(days=9),
        unit_codes=["CB-A", "CB-B"],
    )
    slots = {s.unit.code: s.id for s in period.slots}
    plan = Plan(title="Kế hoạch kiểm thử")
    db.session.add(plan)
    db.session.flush()
    area = PlanArea(plan_id=plan.id, code="II.1", ordinal=1, title="Lĩnh vực")
    db.session.add(area)
    db.session.flush()
    tasks = {}
    for n in (1, 2, 3):
        db.session.add(PlanTask(plan_id=plan.id, area_id=area.id, code=f"II.1.{n}", ordinal=n, text=f"Nhiệm vụ {n}"))
        tasks[f"II.1.{n}"] = []
    target = PlanTarget(plan_id=plan.id, area_id=area.id, code="II.1.T1", ordinal=1, text="Chỉ tiêu", value=100)
    db.session.add(target)
    db.session.flush()
    task_rows = {t.code: t.id for t in db.session.scalars(select(PlanTask).where(PlanTask.plan_id == plan.id))}
    mat_ids = list(materials)
    evidence = []
    for d in docs.values():
        row = db.session.get(Document, d.id)
        d.vis = rng.choice(["all", "units", "leadership"])
        d.secrecy = rng.choice(["thuong", "thuong", "thuong", "mat", "toi_mat"])
        d.owner = rng.choice(codes)
        d.units = set(rng.sample([c for c in codes if c != d.owner], rng.randint(0, 2))) if d.vis == "units" else set()
        d.trashed = rng.random() < 0.08
        d.created_by = rng.choice(uploaders)
        d.uploader_access = rng.random() < 0.8
        if rng.random() < 0.4:
            d.part_of = rng.choice(["material", "report", "evidence"])
        row.visibility, row.secrecy, row.owner_unit_id = d.vis, d.secrecy, unit_ids[d.owner]
        row.unit_rows = [DocumentUnit(unit_id=unit_ids[c]) for c in sorted(d.units)]
        row.deleted_at = clock.utcnow() if d.trashed else None
        row.created_by_id = users[d.created_by].id
        row.uploader_access, row.part_of = d.uploader_access, d.part_of
        kinds = [d.part_of] if d.part_of else []
        if d.part_of and rng.random() < 0.3:
            kinds.append(rng.choice(["material", "report", "evidence"]))  # a second parent
        if not d.part_of and rng.random() < 0.25:
            kinds.append(rng.choice(["material", "evidence"]))  # a mere reference: must change nothing
        for kind in kinds:
            if kind == "material":
                m_id = rng.choice(mat_ids)
                if (m_id, d.id) in {(p[1], d.id) for p in d.parents if p[0] == "material"}:
                    continue
                db.session.add(MaterialDocument(material_id=m_id, document_id=d.id, is_attachment=bool(d.part_of)))
                ref = m_id
            elif kind == "report":
                ref = rng.choice(["CB-A", "CB-B"])
                db.session.add(Submission(slot_id=slots[ref], version_no=1, document_id=d.id))
            else:
                ref = rng.choice(["CB-A", "CB-B"])
                db.session.add(
                    TargetValue(target_id=target.id, unit_id=unit_ids[ref], value=50, evidence_document_id=d.id)
                )
                evidence.append(d.id)
            if d.part_of:
                d.parents.append((kind, ref))
        if rng.random() < 0.5:
            code = rng.choice(list(tasks))
            db.session.add(DocumentTaskLink(document_id=d.id, task_id=task_rows[code], relation="bao_cao_ket_qua"))
            tasks[code].append(d.id)
    citations = {}
    ids = list(docs)
    for source in rng.sample(ids, 12):
        cited = rng.sample([i for i in ids if i != source], 2)
        for n, target_id in enumerate(cited):
            db.session.add(
                Citation(
                    source_id=source, target_id=target_id, number=f"{n + 1}-CT/TU", number_key=f"ct-tu-{source}-{n}"
                )
            )
        citations[source] = cited
    db.session.commit()
    from portal.search.service import rebuild_all

    rebuild_all()
    return World(docs, materials, tasks, plan.id, "II.1.T1", evidence, citations)


# --- comparing every surface ------------------------------------------------------------------------------


class Tally:
    def __init__(self):
        self.cases = 0
        self.problems = []

    def same(self, label, got, expected):
        self.cases += 1
        if got != expected:
            self.problems.append(
                f"{label}: got {sorted(got) if isinstance(got, set) else got!r}, expected "
                f"{sorted(expected) if isinstance(expected, set) else expected!r}"
            )

    def true(self, label, ok):
        self.cases += 1
        if not ok:
            self.problems.append(label)


def _ids(html, kind="documents"):
    return {int(n) for n in re.findall(rf'href="/{kind}/(\d+)"', html)}


def _compare_role(user, w, client, t, today, full=True):
    docs, mats = w.docs, w.materials
    readable = {d.id for d in docs.values() if may_read(user, d, mats, today)}
    readable_mats = {m.id for m in mats.values() if may_read_material(user, m, today)}
    tag = f"[{user} {today}]"
    # search: hits, totals, facets
    body = client.get("/api/v1/search", query_string={"q": WORD, "limit": 100}).json
    hits = {h["id"] for h in body["hits"]}
    t.same(f"{tag} search documents", {int(i.split(":")[1]) for i in hits if i.startswith("document:")}, readable)
    t.same(
        f"{tag} search materials",
        {int(i.split(":")[1]) for i in hits if i.startswith("material:")},
        {m for m in readable_mats if not mats[m].deleted},
    )
    t.same(f"{tag} search total", body["total"], len(readable) + len(readable_mats))
    types = Counter(docs[i].doc_type for i in readable) + Counter({"tai_lieu": len(readable_mats)})
    t.same(f"{tag} search facet type", {k: v for k, v in body["facets"]["type"].items()}, dict(types))
    web = client.get("/search/", query_string={"q": WORD}).get_data(as_text=True)
    t.true(f"{tag} web search shows only readable", _ids(web) <= readable and _ids(web, "materials") <= readable_mats)
    if not full:
        for d in docs.values():
            status = client.get(f"/api/v1/documents/{d.id}").status_code
            t.same(f"{tag} API detail {d.id}", status, 200 if d.id in readable else 404)
        return
    # lists
    listed = client.get("/api/v1/documents", query_string={"limit": 100}).json
    t.same(f"{tag} API list", {item["id"] for item in listed["items"]}, readable)
    t.same(f"{tag} API list total", listed["total"], len(readable))
    web_ids = set()
    for page in range(1, 5):
        web_ids |= _ids(client.get("/documents/", query_string={"page": page}).get_data(as_text=True))
    t.same(f"{tag} web list", web_ids, readable)
    # pages, downloads, API detail, citations, similar documents
    from portal.search.service import more_like_this_for_user
    from portal.security import reader_of  # noqa: F401  (the app's own rule is never used for expectations)

    trash_view = bool(ROLES[user][0] & {"admin", "secretariat"})  # the managers' own view of the trash
    for d in docs.values():
        ok = d.id in readable
        page_ok = ok or (d.trashed and trash_view)
        t.same(f"{tag} page {d.id}", client.get(f"/documents/{d.id}").status_code, 200 if page_ok else 404)
        for v in d.versions:
            status = client.get(f"/documents/{d.id}/versions/{v}/download").status_code
            t.same(f"{tag} download {d.id}/{v}", status, 200 if ok else 404)
        api = client.get(f"/api/v1/documents/{d.id}")
        t.same(f"{tag} API detail {d.id}", api.status_code, 200 if ok else 404)
        if ok and d.id in w.citations:
            cited = {c["document_id"] for c in api.json["citations"]["cites"]} - {None}
            t.same(f"{tag} cites of {d.id}", cited, {i for i in w.citations[d.id] if i in readable})
        if ok:
            sources = {s for s, targets in w.citations.items() if d.id in targets}
            got = {c["document_id"] for c in api.json["citations"]["cited_by"]}
            t.same(f"{tag} cited by {d.id}", got, sources & readable)
    from portal.models import User

    account = db.session.scalar(select(User).where(User.username == user))
    for d in list(docs.values())[:8]:
        similar = {h["id"] for h in more_like_this_for_user(account, f"document:{d.id}", limit=20)}
        allowed = {f"document:{i}" for i in readable} | {f"material:{i}" for i in readable_mats}
        t.true(f"{tag} similar to {d.id} only readable: {similar - allowed}", similar <= allowed)
    # autocomplete: each document's own title word
    for d in list(docs.values())[::3]:
        items = client.get("/api/v1/autocomplete", query_string={"q": d.token}).json
        found = {int(i["id"].split(":")[1]) for i in items if i["id"].startswith("document:")}
        t.same(f"{tag} autocomplete {d.token}", found, {d.id} & readable)
    # plan: task documents, link counts, coverage, target page
    plan = client.get(f"/api/v1/plans/{w.plan_id}").json
    counts = {task["code"]: task["link_count"] for area in plan["areas"] for task in area["tasks"]}
    for code, linked in w.tasks.items():
        t.same(f"{tag} link count {code}", counts[code], len(set(linked) & readable))
        got = {
            link["document"]["id"]
            for link in client.get(f"/api/v1/tasks/{code}/documents", query_string={"plan": w.plan_id}).json[
                "documents"
            ]
        }
        t.same(f"{tag} task documents {code}", got, set(linked) & readable)
    bare = sum(1 for linked in w.tasks.values() if not set(linked) & readable)
    coverage = client.get(f"/plan/{w.plan_id}/coverage").get_data(as_text=True)
    t.true(f"{tag} coverage bare {bare}", f"Nhiệm vụ chưa có báo cáo hay minh chứng ({bare})" in coverage)
    target = client.get(f"/plan/targets/{w.target_code}", query_string={"plan": w.plan_id}).get_data(as_text=True)
    for doc_id in set(w.evidence):
        linked = f'href="/documents/{doc_id}"' in target  # evidence is named by number and title, linked if readable
        t.same(f"{tag} target evidence #{doc_id}", linked, doc_id in readable)
    # home, notifications, materials
    home = client.get("/").get_data(as_text=True)
    newest = home.split('id="panel-documents.newest"', 1)[-1].split("</section>", 1)[0]
    t.true(f"{tag} home newest only readable", _ids(newest) <= readable and len(_ids(newest)) == min(5, len(readable)))
    notes = client.get("/notifications").get_data(as_text=True)
    t.true(f"{tag} notifications only readable", _ids(notes) <= readable and _ids(notes, "materials") <= readable_mats)
    for m in mats.values():
        status = client.get(f"/materials/{m.id}").status_code
        t.same(f"{tag} material {m.id}", status, 200 if m.id in readable_mats else 404)
    listed = {item["id"] for item in client.get("/api/v1/materials").json["materials"]}
    t.same(f"{tag} API materials", listed, readable_mats)
    # exports of confirmations: a material the reader may not read is not exported, nor named in the full export
    tracker = bool(ROLES[user][0] & {"branch_secretary", "secretariat", "admin"})
    for m in mats.values():
        status = client.get(f"/materials/{m.id}/export.csv").status_code
        t.same(f"{tag} export material {m.id}", status, (200 if m.id in readable_mats else 404) if tracker else 403)
    if tracker:
        exported = client.get("/materials/export.csv").get_data(as_text=True)
        named = {m.id for m in mats.values() if f"Tài liệu {m.id - min(mats)} quán triệt," in exported}
        t.true(f"{tag} full export names only readable materials {named - readable_mats}", named <= readable_mats)


@pytest.fixture
def world(app, users, tmp_path):
    return _build(app, users, tmp_path)


def test_every_surface_matches_the_rule_for_every_role(world, app, login_as, client, users):
    from support import login

    t = Tally()
    today = clock.today_local()
    for user in ROLES:
        client = app.test_client()
        login(client, user)
        _compare_role(user, world, client, t, today)
    print(f"\ndifferential visibility: {t.cases} cases compared")
    assert not t.problems, f"{len(t.problems)} of {t.cases} differ:\n" + "\n".join(t.problems[:40])
    assert t.cases > 1500


def _signed_in(app, user):
    from support import login

    client = app.test_client()
    login(client, user)
    return client


def test_the_rule_holds_at_every_moment(world, app, users):
    """A publish date arriving (no write), a withdrawal and a re-classification show at once, cache or not."""
    from portal.services import documents, materials

    t = Tally()
    today = clock.today_local()
    clients = {user: _signed_in(app, user) for user in ROLES}
    for user in ROLES:  # warm the cache of every visibility class
        _compare_role(user, world, clients[user], t, today, full=False)
    later = datetime.combine(today + timedelta(days=4), datetime.min.time(), tzinfo=UTC) + timedelta(hours=3)
    with clock.frozen(later):
        for user in ROLES:
            _compare_role(user, world, clients[user], t, clock.today_local(), full=False)
    from portal.models import Document, Material

    live = next(m for m in world.materials.values() if m.status == "published" and not m.deleted)
    materials.unpublish(db.session.get(Material, live.id), users["secretariat"])
    live.status = "draft"
    hidden = next(d for d in world.docs.values() if not d.trashed and not d.part_of and d.vis == "all")
    documents.update_metadata(db.session.get(Document, hidden.id), {"visibility": "leadership"}, users["secretariat"])
    hidden.vis, hidden.uploader_access = "leadership", False
    from portal.search.jobs import apply_pending

    apply_pending(app)
    for user in ROLES:
        _compare_role(user, world, clients[user], t, today, full=False)
    print(f"\nvisibility over time: {t.cases} cases compared")
    assert not t.problems, f"{len(t.problems)} of {t.cases} differ:\n" + "\n".join(t.problems[:40])
