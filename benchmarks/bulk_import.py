"""Measure `flask documents import` over 1,000 generated mixed files (not a test): pages per second.

Usage: .venv/bin/python -m benchmarks.bulk_import [N]   (BENCH_FILES=folder reuses generated files)
Builds a temporary portal (SQLite, upload and index folders), generates N files (PDF with text layers of 1-4 pages,
DOCX, Markdown, TXT, about 5% bad files), then runs the real CLI command and reports rates from its --json output.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from tests.services.documents import _doc_files as files  # noqa: E402

TOPICS = [
    "cải cách hành chính",
    "chuyển đổi số",
    "dịch vụ công trực tuyến",
    "kỷ luật, kỷ cương",
    "số hóa hồ sơ",
    "công tác kiểm tra, giám sát",
    "xây dựng Đảng",
    "an toàn thông tin",
]


def body(i, rng):
    topic = rng.choice(TOPICS)
    return (
        f"ĐẢNG ỦY VĂN PHÒNG UBND TỈNH\n*\nSố {i}-BC/ĐU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nLào Cai, ngày {1 + i % 28} tháng "
        f"{1 + i % 12} năm 2026\n\nBÁO CÁO\nkết quả thực hiện nhiệm vụ {topic} (số {i})\n\n"
        + " ".join(
            f"Chi bộ tiếp tục thực hiện Chỉ thị số 21-CT/TU về {topic}, đoạn {k} của văn bản {i}." for k in range(12)
        )
    )


def generate(folder, n, seed=2026):
    rng = random.Random(seed)
    kinds = {"pdf": 0, "docx": 0, "md": 0, "txt": 0, "bad": 0}
    for i in range(1, n + 1):
        roll = rng.random()
        text = body(i, rng)
        if roll < 0.05:
            bad = rng.choice([b"", b"%PDF-1.4 hong", files.gif()])
            open(os.path.join(folder, f"{i:04d}-hong.pdf"), "wb").write(bad + str(i).encode() * (len(bad) > 0))
            kinds["bad"] += 1
        elif roll < 0.45:
            pages = [text] + [f"Trang {p} của văn bản {i}: " + text[200:900] for p in range(2, rng.randint(1, 4) + 1)]
            open(os.path.join(folder, f"{i:04d}-bao-cao.pdf"), "wb").write(files.pdf(pages))
            kinds["pdf"] += 1
        elif roll < 0.65:
            open(os.path.join(folder, f"{i:04d}-bao-cao.docx"), "wb").write(files.docx(text.split("\n")))
            kinds["docx"] += 1
        elif roll < 0.8:
            open(os.path.join(folder, f"{i:04d}-thong-bao.md"), "w", encoding="utf-8").write("# Thông báo\n\n" + text)
            kinds["md"] += 1
        else:
            open(os.path.join(folder, f"{i:04d}-van-ban.txt"), "w", encoding="utf-8").write(text)
            kinds["txt"] += 1
    return kinds


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    work = tempfile.mkdtemp(prefix="bench-import-")
    folder = os.environ.get("BENCH_FILES") or os.path.join(work, "files")
    kinds = "reused"
    if not os.environ.get("BENCH_FILES"):
        os.makedirs(folder)
        t0 = time.perf_counter()
        kinds = generate(folder, n)
        print(f"generated {n} files in {time.perf_counter() - t0:.1f} s: {kinds}", file=sys.stderr)
    env = {
        **os.environ,
        "FLASK_APP": "portal",
        "PORTAL_DATABASE_URL": f"sqlite:///{work}/portal.db",
        "PORTAL_UPLOAD_DIR": f"{work}/uploads",
        "PORTAL_INDEX_DIR": f"{work}/indexes",
        "PORTAL_ENV": "development",
    }
    flask = [os.path.join(ROOT, ".venv", "bin", "flask")]
    subprocess.run(flask + ["db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        flask + ["units", "create", "DUVP", "--name", "Đảng ủy Văn phòng", "--kind", "office"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        flask
        + ["users", "create", "admin", "--password", "Mat-khau-do-dai-2026!", "--role", "admin", "--unit", "DUVP"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    t0 = time.perf_counter()
    done = subprocess.run(
        flask + ["documents", "import", folder, "--json"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - t0
    rows = json.loads(done.stdout)
    import sqlite3

    con = sqlite3.connect(f"{work}/portal.db")
    pages = con.execute("SELECT COALESCE(SUM(page_count), 0) FROM document_versions").fetchone()[0]
    pending = con.execute("SELECT COUNT(*) FROM index_jobs").fetchone()[0]
    statuses = {s: sum(r["status"] == s for r in rows) for s in ("imported", "duplicate", "rejected")}
    print(
        json.dumps(
            {
                "files": n,
                "kinds": kinds,
                "statuses": statuses,
                "pages": pages,
                "seconds": round(elapsed, 1),
                "files_per_s": round(n / elapsed, 1),
                "pages_per_s": round(pages / elapsed, 1),
                "index_jobs_pending": pending,
                "exit_code": done.returncode,
                "work": work,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
