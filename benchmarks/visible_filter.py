"""The visible set as a cached compact filter (issue 15 §1): ms per search spent building the filter, before and after.

Builds a throwaway portal (SQLite, Whoosh) with N documents of random visibility, secrecy, owner unit, chosen units and
parents (material attachments), then for each kind of reader measures:

- before: the old ``allowed_ids`` (every visible id selected, a set of "document:N" strings) and the engine turning it
  into docnums, on every search;
- after, warm: ``security.visible_filter`` (cached per visibility class and data version) and the per-generation
  docnum bitmap (``search.masks``), i.e. what a search pays once the class has been seen;
- after, cold: the first search of a class after a write (the arrays and the bitmap built once);
- whole search (``search_for_user``) p50 with the new code.

Run: ``python -m benchmarks.visible_filter --docs 10000``; writes benchmarks/results/visible-filter.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNITS = [
    ("DUVP", "Đảng ủy Văn phòng UBND tỉnh", "office", None),
    ("BTV", "Ban Thường vụ Đảng ủy", "standing", "DUVP"),
    ("UBKT", "Ủy ban Kiểm tra Đảng ủy", "committee", "DUVP"),
    ("BPGV", "Bộ phận giúp việc Đảng ủy", "secretariat", "DUVP"),
    ("CB-A", "Chi bộ Hành chính - Quản trị", "branch", "DUVP"),
    ("CB-B", "Chi bộ Tổng hợp", "branch", "DUVP"),
]
READERS = {
    "admin": (["admin"], "DUVP"),
    "inspector": (["member", "inspector"], "UBKT"),
    "leader": (["member"], "BTV"),
    "secretary": (["member", "branch_secretary"], "CB-A"),
    "member": (["member"], "CB-A"),
}
WORDS = "cải cách hành chính chuyển đổi số kiểm tra giám sát công tác đảng viên nghị quyết chỉ thị báo cáo".split()


def build(n_docs: int, folder: str):
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from portal import create_app
    from portal.extensions import db
    from portal.models import Document, DocumentUnit, Material, MaterialDocument, Unit, User
    from portal.services import accounts
    from portal.services.accounts import units

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
            "INDEX_DIR": f"{folder}/idx",
            "UPLOAD_DIR": f"{folder}/up",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    ctx = app.app_context()
    ctx.push()
    upgrade()
    for code, name, kind, parent in UNITS:
        units.create_unit(code, name, kind, parent)
    for username, (roles, unit) in READERS.items():
        accounts.create_user(username, "Mat-khau-rat-dai-2026", roles, unit_code=unit)
    unit_ids = {u.code: u.id for u in db.session.scalars(select(Unit))}
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    rng = random.Random(15)
    rows, chosen = [], []
    for i in range(1, n_docs + 1):
        owner = rng.choice(list(unit_ids))
        vis = rng.choice(["all", "all", "units", "leadership"])
        rows.append(
            {
                "id": i,
                "title": f"Văn bản {i} về " + " ".join(rng.sample(WORDS, 4)),
                "doc_type": rng.choice(["chi_thi", "nghi_quyet", "bao_cao", "cong_van"]),
                "visibility": vis,
                "secrecy": rng.choice(["thuong"] * 8 + ["mat"]),
                "owner_unit_id": unit_ids[owner],
                "created_by_id": admin.id,
                "part_of": "material" if rng.random() < 0.05 else None,
                "uploader_access": True,
                "issued_year": rng.randint(2015, 2026),
            }
        )
        if vis == "units":
            chosen.append({"document_id": i, "unit_id": unit_ids[rng.choice(["CB-A", "CB-B", "BTV"])]})
    db.session.execute(insert(Document), rows)
    db.session.execute(
        insert(DocumentUnit), [c for c in chosen if c["unit_id"] != rows[c["document_id"] - 1]["owner_unit_id"]]
    )
    for m in range(1, 21):
        db.session.add(
            Material(id=m, title=f"Tài liệu {m}", body_md="cải cách", status="published", audience_all=m % 2 == 0)
        )
    db.session.flush()
    db.session.execute(
        insert(MaterialDocument),
        [
            {"material_id": rng.randint(1, 20), "document_id": r["id"], "is_attachment": True}
            for r in rows
            if r["part_of"]
        ],
    )
    db.session.commit()
    from portal.search.service import rebuild_all

    started = time.process_time()
    rebuild_all()
    print(f"index built in {time.process_time() - started:.1f} s")
    return app, ctx


def old_allowed_ids(user):
    """The code before the change: every visible id, as a set of index-id strings, on every search."""
    from portal.extensions import db
    from portal.security import visible_document_ids, visible_material_ids

    docs = db.session.scalars(visible_document_ids(user)).all()
    mats = db.session.scalars(visible_material_ids(user)).all()
    return {"document:%d" % i for i in docs} | {"material:%d" % i for i in mats}


def measure(repeat: int):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import User
    from portal.search.engine import _mask
    from portal.search.jobs import get_manager
    from portal.search.service import search_for_user
    from portal.security import clear_filter_cache, visible_filter

    manager = get_manager()
    cache = manager.cache()
    results = []
    for username in READERS:
        user = db.session.scalar(select(User).where(User.username == username))
        before, warm, cold, whole = [], [], [], []
        for _ in range(repeat):
            t0 = time.process_time()
            allowed = old_allowed_ids(user)
            _mask(cache, allowed, {})
            before.append((time.process_time() - t0) * 1000)
        for _ in range(3):
            clear_filter_cache()
            cache.__dict__.pop("_masks", None)
            t0 = time.process_time()
            _mask(cache, visible_filter(user), {})
            cold.append((time.process_time() - t0) * 1000)
        for _ in range(repeat):
            t0 = time.process_time()
            _mask(cache, visible_filter(user), {})
            warm.append((time.process_time() - t0) * 1000)
        for q in ("cải cách hành chính", "chuyển đổi số", "kiểm tra giám sát đảng viên"):
            for _ in range(max(3, repeat // 4)):
                t0 = time.process_time()
                search_for_user(user, q, limit=20)
                whole.append((time.process_time() - t0) * 1000)
        db.session.rollback()
        filt = visible_filter(user)
        size = (
            "no filter"
            if filt is None
            else f"{len(filt.documents):,} ids, {filt.documents.itemsize * len(filt.documents) // 1024} KB"
        )
        results.append(
            (
                username,
                size,
                statistics.median(before),
                statistics.median(cold),
                statistics.median(warm),
                statistics.median(whole),
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results", "visible-filter.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-visible-") as folder:
        _app, ctx = build(args.docs, folder)
        rows = measure(args.repeat)
        ctx.pop()
    lines = [
        f"# The visible set as a cached compact filter, {args.docs:,} documents",
        "",
        "CPU ms (process time, so the other work on the shared 2 cores does not count) per search spent building the "
        "permission filter; median of the runs. Before: the per-search rebuild (every visible id selected, a set of "
        "'document:N' strings, mapped to docnums), with the new rule's query.",
        "",
        "| reader | visible set | before: ids + string set + docnums | after, cold (first after a write) | after, warm | whole search p50 (after) |",
        "|---|---|---|---|---|---|",
    ]
    for user, size, before, cold, warm, whole in rows:
        lines.append(f"| {user} | {size} | {before:.2f} | {cold:.2f} | {warm:.3f} | {whole:.1f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text)


if __name__ == "__main__":
    main()
