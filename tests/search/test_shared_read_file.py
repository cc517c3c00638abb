"""ThreadSafeStorage files: per-thread read positions over one memory map, reads equal to a plain file's."""

import pickle
import threading

from portal.search.index import ThreadSafeStorage


def _write(tmp_path, objs):
    with open(tmp_path / "data.bin", "wb") as fh:
        for o in objs:
            pickle.dump(o, fh, protocol=2)
            fh.write(b"\x00\x01\x02\x03")
    return ThreadSafeStorage(str(tmp_path)).open_file("data.bin")


def _objs():
    return [list(range(n)) for n in (0, 1, 10, 300, 5000, 30000)] + ["x" * 2000, {"a": b"\xff" * 70000}, ("a\nb", 1.5)]


def test_reads_pickles_of_any_size_and_raw_bytes(tmp_path):
    objs = _objs()
    f = _write(tmp_path, objs)
    f.seek(0)
    for o in objs:
        assert f.read_pickle() == o
        assert f.read_int() == 0x00010203
    assert f.read(10) == b""
    sub = f.subset(2, 5)
    assert sub.get(0, 5) == f.get(2, 5)
    assert sub.read(100) == f.get(2, 5)


def test_each_thread_has_its_own_position(tmp_path):
    objs = _objs()
    f = _write(tmp_path, objs)
    errors = []

    def reader():
        try:
            for _ in range(200):
                f.seek(0)
                for o in objs:
                    assert f.read_pickle() == o
                    f.read_int()
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:2]
