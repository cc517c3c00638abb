"""A 13-page scan through the web upload: time to the answer, to the first OCR'd page, to fully searchable.

    .venv/bin/python -m benchmarks.ocr_upload [--scan ../shared/realfiles/scan-qd-1380-qd-ttg.pdf] [--phrase "Tiểu đoàn 512"]

On a fresh migrated SQLite file in a temporary folder, with the default set-up (the web process's own job runner, no
extra process): the upload request (XHR, JSON answer) is timed, then the document page's JSON state is polled until the
`documents.ocr` job has stored every page, and the search page until the phrase finds the document. Without the real
scan (it is not part of the repository), a generated 13-page scan is used.
"""

import argparse
import io
import os
import re
import tempfile
import time
from pathlib import Path

from benchmarks.jobs import _app, _setup

ROOT = Path(__file__).resolve().parent.parent
REAL_SCAN = next(
    (
        str(folder / "shared" / "realfiles" / "scan-qd-1380-qd-ttg.pdf")
        for folder in (ROOT.parent, ROOT.parent.parent)  # the main checkout, or a worktree beside it
        if (folder / "shared" / "realfiles" / "scan-qd-1380-qd-ttg.pdf").exists()
    ),
    "",
)


def _generated_scan(folder):
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "services" / "documents"))
    sys.path.insert(0, str(ROOT / "tests" / "extraction"))
    from _scans import scan_pdf

    return scan_pdf(folder / "quet-13.pdf", folder, pages=13), "công tác giám sát"


def _login(client):
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/auth/login").get_data(as_text=True))
    client.post(
        "/auth/login", data={"username": "admin", "password": "Mat-khau-do-dai-2026", "csrf_token": token.group(1)}
    )
    page = client.get("/documents/upload").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def run(scan, phrase, folder):
    _setup(folder)
    app = _app(folder, JOBS_INLINE=True, JOBS_POLL_SECONDS=0.5)
    client = app.test_client()
    token = _login(client)
    warm = client.post(  # a warm server: the first request's imports and the extraction child's start are not counted
        "/documents/upload",
        data={"file": (io.BytesIO("Thông báo khởi động đo thời gian.".encode()), "khoi-dong.txt"), "csrf_token": token},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert warm.status_code == 201, warm.get_data(as_text=True)
    data = Path(scan).read_bytes()
    started = time.perf_counter()
    response = client.post(
        "/documents/upload",
        data={"file": (io.BytesIO(data), os.path.basename(scan)), "csrf_token": token},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    answered = time.perf_counter() - started
    document_id = response.get_json()["id"]
    first_page = found = None
    state = {}
    while True:
        state = client.get(f"/documents/{document_id}/extraction").get_json()
        now = time.perf_counter() - started
        if first_page is None and state.get("done", 0) >= 1:
            first_page = now
        if found is None and f"/documents/{document_id}" in client.get(f'/search/?q="{phrase}"').get_data(as_text=True):
            found = now
        if state["status"] != "ocr_pending" or state.get("failed"):
            break
        if now > 1800:
            break
        time.sleep(0.5)
    done = time.perf_counter() - started
    while found is None and time.perf_counter() - started < done + 30:
        if f"/documents/{document_id}" in client.get(f'/search/?q="{phrase}"').get_data(as_text=True):
            found = time.perf_counter() - started
        time.sleep(0.2)
    app.extensions["portal_jobs"]["runner"].stop()
    return {"answered": answered, "first_page": first_page, "all_pages": done, "found": found, "state": state}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scan", default=REAL_SCAN)
    parser.add_argument("--phrase", default="Tiểu đoàn 512")
    args = parser.parse_args()
    load = open("/proc/loadavg").read().split()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scan, phrase = (args.scan, args.phrase) if args.scan and os.path.exists(args.scan) else _generated_scan(folder)
        result = run(scan, phrase, folder)
    print(f"scan: {os.path.basename(scan)}; phrase: «{phrase}»; load average at start {load}")
    print(f"upload -> answer (document stored and visible): {result['answered']:.2f} s")
    print(f"upload -> first page OCR'd and stored: {result['first_page'] or float('nan'):.1f} s")
    print(f"upload -> every page OCR'd: {result['all_pages']:.1f} s ({result['state']})")
    print(f"upload -> phrase found by search: {result['found'] or float('nan'):.1f} s")
    print(f"load average at end {open('/proc/loadavg').read().split()[0]}")


if __name__ == "__main__":
    main()
