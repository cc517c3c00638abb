"""The limited child: time, memory, crashes and start-up cost."""

import time

import pytest

from portal.extraction import ExtractionError, extract_file
from portal.extraction.sandbox import run_limited


def test_wall_clock_timeout_kills_the_child():
    source = "".join("`" * i + "x" for i in range(1, 3000))
    start = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        run_limited("markdown", {"md": source}, timeout=1, memory_mb=512)
    assert info.value.code == "timeout" and "quá thời gian" in info.value.message
    assert time.monotonic() - start < 4


def test_memory_limit_becomes_memory_error():
    with pytest.raises(ExtractionError) as info:
        run_limited("markdown", {"md": "x" * 50_000_000}, timeout=20, memory_mb=200)
    assert info.value.code == "memory" and "bộ nhớ" in info.value.message


def test_small_files_start_fast(samples, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Đảng ủy xã", encoding="utf-8")
    extract_file(str(path))
    start = time.monotonic()
    for _ in range(10):
        extract_file(str(samples / "vn.pdf"))
    per_file = (time.monotonic() - start) / 10
    print(f"{per_file * 1000:.0f} ms per small PDF through the sandbox")
    assert per_file < 1.0
