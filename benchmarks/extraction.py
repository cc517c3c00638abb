"""Extraction speed and yield: pages per second per kind, the quick upload-time look and full OCR of a real 13-page
scan, the three shared real files against their own page/word counts, and LibreOffice's memory.

Run from the repository root: ``.venv/bin/python -m benchmarks.extraction`` (about 5 minutes on an idle 2-core
machine, longer under load). Uses ``../shared/realfiles`` when present (never a test dependency) plus generated files.
Writes ``benchmarks/results/extraction.md``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests", "extraction"))

import _make_files as make  # noqa: E402

from portal.extraction import extract_file, ocr_pages, ocr_status, scan_summary  # noqa: E402
from portal.extraction.convert import CONVERT_MEMORY_MB, converter_status  # noqa: E402
from portal.text import fold  # noqa: E402

# ../shared/realfiles beside the checkout (or two levels up from a worktree in /work/wt/NAME); --real overrides.
REAL = next(
    (p for p in (os.path.join(ROOT, "..", up, "shared", "realfiles") for up in ("", "..")) if os.path.isdir(p)),
    os.path.join(ROOT, "..", "shared", "realfiles"),
)
REAL = os.path.normpath(REAL)
SCAN = "scan-qd-1380-qd-ttg.pdf"
# Phrases read by eye from page 7 of the scan's image (not from any extraction).
SCAN_PHRASES = ["Tiểu đoàn 512", "Nguyễn Duy Thênh", "huyện Thường Tín"]


def timed(fn, repeat: int = 1):
    """(result of the last call, median seconds)."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def pdf_pages(path: str) -> int:
    """Page count by pdfinfo (poppler), independent of pypdf."""
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def doc_counts(path: str) -> tuple[int | None, int | None]:
    """(pages, words) from the .doc's own summary information, as libmagic's `file` reports it."""
    out = subprocess.run(["file", path], capture_output=True, text=True).stdout
    pages, words = re.search(r"Number of Pages: (\d+)", out), re.search(r"Number of Words: (\d+)", out)
    return (int(pages.group(1)) if pages else None), (int(words.group(1)) if words else None)


def lo_text(path: str, folder: str) -> str:
    """LibreOffice's own plain-text export: an independent reading to take a mid-document phrase from."""
    make.soffice_convert([path], "txt:Text (encoded):UTF8", folder)
    name = os.path.splitext(os.path.basename(path))[0] + ".txt"
    with open(os.path.join(folder, name), encoding="utf-8-sig") as handle:
        return handle.read()


def middle_phrase(text: str, words: int = 8) -> str:
    """`words` consecutive words from the middle of the longest line near the middle of the text."""
    middle = len(text) // 2
    lines = [line for line in text[middle : middle + 3000].split("\n") if len(line.split()) > words + 4]
    tokens = lines[0].split()
    start = len(tokens) // 2 - words // 2
    return " ".join(tokens[start : start + words])


def found(phrase: str, text: str) -> str:
    """ "yes" (exact), "folded" (only without diacritics/case) or "no"."""
    squash = " ".join(text.split())
    if phrase in squash:
        return "yes"
    return "folded" if fold(phrase) in fold(squash) else "no"


class SofficeWatcher:
    """Polls /proc for soffice.bin processes and keeps their peak VmHWM (RSS) and VmPeak (address space)."""

    def __init__(self):
        self.rss_kb = self.vm_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    with open(f"/proc/{pid}/status") as handle:
                        status = handle.read()
                except OSError:
                    continue
                if "\nName:\tsoffice.bin" not in "\n" + status:
                    continue
                fields = dict(re.findall(r"^(VmHWM|VmPeak):\s+(\d+)", status, re.M))
                self.rss_kb = max(self.rss_kb, int(fields.get("VmHWM", 0)))
                self.vm_kb = max(self.vm_kb, int(fields.get("VmPeak", 0)))
            time.sleep(0.02)


def min_address_space(path: str, target: str, limits=(384, 448, 512, 640, 768, 1024)) -> int | None:
    """The smallest RLIMIT_AS (MiB) under which soffice converts `path`, from a fixed ladder."""
    import resource

    for mb in limits:
        with tempfile.TemporaryDirectory() as folder:

            def limit(mb=mb):
                resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))

            argv = [converter_status().path, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/p"]
            argv += ["--convert-to", target, "--outdir", folder, path]
            subprocess.run(argv, capture_output=True, timeout=300, preexec_fn=limit)
            if any(name.endswith("." + target) for name in os.listdir(folder)):
                return mb
    return None


def generated_files(folder: str) -> dict[str, tuple[str, int]]:
    """Generated inputs with their page counts: a 50-page text PDF, a DOCX and its .doc (pages by LibreOffice)."""
    text_pages = [f"Trang {n}\n" + "\n".join([make.BODY] * 12) for n in range(1, 51)]
    files = {"text PDF (generated)": (make.text_pdf(os.path.join(folder, "gen.pdf"), text_pages), 50)}
    import docx

    document = docx.Document()
    for n in range(1, 51):
        document.add_heading(f"Mục {n}", level=2)
        for _ in range(6):
            document.add_paragraph(make.BODY)
    docx_path = os.path.join(folder, "gen.docx")
    document.save(docx_path)
    if converter_status().available:
        pages = pdf_pages(make.soffice_convert([docx_path], "pdf", folder)[0])
        files["DOCX (generated)"] = (docx_path, pages)
        files[".doc (generated)"] = (make.soffice_convert([docx_path], "doc", folder)[0], pages)
    else:
        files["DOCX (generated)"] = (docx_path, 0)
    scan = make.image_pdf(os.path.join(folder, "scan.pdf"), __import__("pathlib").Path(folder))
    files["OCR page (generated)"] = (scan, 1)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results", "extraction.md"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", default=REAL, help="folder with the shared real files")
    args = parser.parse_args()
    globals()["REAL"] = args.real
    lines = [
        "# Extraction benchmark",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at start (the machine is shared: OCR and LibreOffice times vary with load). "
        f"OCR: {ocr_status().version}, languages {', '.join(ocr_status().languages)}; LibreOffice: "
        f"{converter_status().path}. Every number goes through `extract_file` (the limited child process) unless "
        "said otherwise.",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="bench-extraction-") as folder:
        lines += speed_section(folder, args.repeat)
        if os.path.isdir(REAL):
            lines += real_files_section(folder)
            lines += scan_section()
        else:
            lines += ["", f"(No {REAL}: the real-file sections were skipped.)"]
        if converter_status().available:
            lines += memory_section(folder)
    lines += ["", f"Load average at the end: {os.getloadavg()[0]:.1f}.", ""]
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    print("\n".join(lines))
    return 0


def speed_section(folder: str, repeat: int) -> list[str]:
    """Pages per second per kind."""
    rows = ["## Pages per second", "", "| input | pages | seconds (median) | pages/s |", "|---|---:|---:|---:|"]
    inputs = generated_files(folder)
    if os.path.isdir(REAL):
        for name in ("an-le-07-2016.doc", "luat-15-2012-qh13.doc"):
            inputs[f".doc real `{name}`"] = (os.path.join(REAL, name), doc_counts(os.path.join(REAL, name))[0] or 0)
    for label, (path, pages) in inputs.items():
        is_ocr = "OCR" in label
        _result, seconds = timed(lambda path=path: extract_file(path, timeout=600), 1 if is_ocr else repeat)
        rate = f"{pages / seconds:.2f}" if pages else "n/a"
        rows.append(f"| {label} | {pages or '?'} | {seconds:.2f} | {rate} |")
        print(rows[-1], flush=True)
    return rows


def real_files_section(folder: str) -> list[str]:
    """The shared real files: characters against their own page/word counts and a mid-document phrase."""
    rows = [
        "",
        "## The three shared real files",
        "",
        "Pages and words are the file's own (the .doc summary information; pdfinfo for the scan). The phrase comes "
        "from the middle of LibreOffice's plain-text export for the .doc files, and was read by eye from page 7 of "
        'the scan\'s image; "found" is exact (after whitespace is collapsed), "folded" only without diacritics.',
        "",
        "| file | pages | words (file) | characters extracted | words extracted | chars/page | valid syllables | "
        "poor | phrase | found |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for name in ("an-le-07-2016.doc", "luat-15-2012-qh13.doc", SCAN):
        path = os.path.join(REAL, name)
        if name.endswith(".doc"):
            pages, words = doc_counts(path)
            phrases = [middle_phrase(lo_text(path, folder))]
        else:
            pages, words, phrases = pdf_pages(path), None, SCAN_PHRASES
        result = extract_file(path, timeout=900)
        q = result.quality
        for phrase in phrases:
            rows.append(
                f"| `{name}` | {pages} | {words or 'n/a'} | {q.characters:,} | {q.words:,} | "
                f"{q.characters / max(pages or 1, 1):,.0f} | {q.valid_syllable_share:.1%} | "
                f"{'yes: ' + q.reason if q.poor else 'no'} | «{phrase}» | {found(phrase, result.text)} |"
            )
            print(rows[-1], flush=True)
    return rows


def scan_section() -> list[str]:
    """The 13-page real scan: the quick upload-time look, then full OCR page by page."""
    path = os.path.join(REAL, SCAN)
    summary, quick = timed(lambda: scan_summary(path), 5)
    deferred, deferred_s = timed(lambda: extract_file(path, defer_ocr=True), 5)
    pages, confidences, times = [], [], []
    start = time.perf_counter()
    for page in ocr_pages(path, summary.ocr_needed):
        times.append(time.perf_counter() - start - sum(times))
        pages.append(page)
        if page.confidence is not None:
            confidences.append(page.confidence)
    total = time.perf_counter() - start
    cpu = ocr_cpu_seconds(path, [1, 7, 13])
    return [
        "",
        f"## Real 13-page scan (`{SCAN}`)",
        "",
        "| step | seconds |",
        "|---|---:|",
        f"| quick look at upload (`scan_summary`: sniff + page count + text layers; median of 5) | {quick:.2f} |",
        f"| upload-time extraction (`extract_file(defer_ocr=True)`: all of the above + text; median of 5) | "
        f"{deferred_s:.2f} |",
        f"| full OCR, page by page (`ocr_pages`, one limited child per page) | {total:.1f} |",
        f"| per OCR page: median / max | {statistics.median(times):.1f} / {max(times):.1f} |",
        f"| CPU per OCR page (render + tesseract, pages 1, 7, 13; load-independent): median | {cpu:.2f} |",
        "",
        f"Pages needing OCR: {len(summary.ocr_needed)} of {summary.page_count} (status at upload: "
        f"`{deferred.status}`). OCR pages that beat the layer: {sum(p.is_ocr for p in pages)}; mean word "
        f"confidence per page: {', '.join(f'{c:.0f}' for c in confidences)} (mean "
        f"{statistics.mean(confidences):.1f}).",
    ]


def ocr_cpu_seconds(path: str, pages: list[int]) -> float:
    """Median CPU seconds (user + system of pdftoppm and tesseract) per page, OCR'd in this process."""
    import resource

    costs = []
    for number in pages:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        list(ocr_pages(path, [number], sandbox=False))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        costs.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(costs)


def memory_section(folder: str) -> list[str]:
    """LibreOffice's peak resident memory and address space while converting, and the smallest limit that works."""
    rows = [
        "",
        "## LibreOffice memory (soffice.bin, fresh profile per conversion)",
        "",
        "| input | seconds | peak RSS (MiB) | peak address space (MiB) | smallest RLIMIT_AS that converts (MiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    inputs = {}
    if os.path.isdir(REAL):
        inputs = {name: os.path.join(REAL, name) for name in ("an-le-07-2016.doc", "luat-15-2012-qh13.doc")}
    big = _big_docx(folder)
    inputs["generated 300-paragraph-page DOCX with images → .doc"] = make.soffice_convert([big], "doc", folder)[0]
    for label, path in inputs.items():
        with SofficeWatcher() as watch:
            _r, seconds = timed(lambda path=path: extract_file(path, timeout=600))
        smallest = min_address_space(path, "docx")
        rows.append(
            f"| {label} | {seconds:.2f} | {watch.rss_kb / 1024:.0f} | {watch.vm_kb / 1024:.0f} | "
            f"{smallest or '> 1024'} |"
        )
        print(rows[-1], flush=True)
    rows += ["", f"The converter's limit is `CONVERT_MEMORY_MB = {CONVERT_MEMORY_MB}` (portal/extraction/convert.py)."]
    return rows


def _big_docx(folder: str) -> str:
    """A long DOCX with a picture every ten paragraphs, to see how the converter's memory grows."""
    import docx
    from docx.shared import Cm

    png = os.path.join(folder, "pic.png")
    make.scan_image().save(png)
    document = docx.Document()
    for n in range(300):
        document.add_paragraph(make.BODY * 3)
        if n % 10 == 0:
            document.add_picture(png, width=Cm(12))
    path = os.path.join(folder, "big.docx")
    document.save(path)
    return path


if __name__ == "__main__":
    if not shutil.which("pdfinfo"):
        sys.exit("pdfinfo (poppler-utils) is needed for page counts")
    sys.exit(main())
