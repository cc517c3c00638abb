"""Index storage: generations beside each other, an atomic CURRENT pointer, one writer, one searcher per process.

Layout: ``INDEX_DIR/CURRENT`` holds the name of the live generation folder (replaced with ``os.replace``); each
generation folder holds the Whoosh files and ``meta.json`` with the analyzer stamp. A rebuild writes a new generation
beside the live one and swaps the pointer, so searches never see an empty or half-built index.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import threading
import time
import uuid
from array import array
from dataclasses import dataclass, field

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3PostingsWriter
from whoosh.compat import dumps
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import LockError  # noqa: F401  (re-exported for callers of apply())
from whoosh.util.numeric import length_to_byte
from whoosh.writing import PostingPool

from portal.search.analysis import ANALYZER_VERSION
from portal.search.schema import MULTI_VALUED, build_schema, to_fields

CURRENT = "CURRENT"
META = "meta.json"
KEEP_OLD_GENERATIONS = 1
KEEP_CACHES = 2  # reader caches kept: the newest reader's and the one searches may still be finishing on


class IndexUnavailable(RuntimeError):
    """The index folder has no usable generation."""


# -- thread-safe reading --------------------------------------------------------------------------------------------
# Whoosh opens each segment file once per reader as one file object with ONE read position, and reads it with
# seek-then-read sequences: a posting block is ``seek(pos); read_int(); read_pickle(); tell()`` (W3LeafMatcher._goto),
# a column reader is built by a seek/read_pickle loop over its blocks. Threads that share a searcher (gunicorn's
# ``threads``) interleave those sequences and read each other's offsets: zlib.error, UnpicklingError, "Block tag
# error". Every new generation makes it likely: all threads then open the same fresh segment readers at once.
# The storage below gives every thread its own read position over one shared, read-only memory map (and stops copying
# each segment file into the heap, which Whoosh's own mmap path does through BytesIO).


class _Cursor:
    """A read position over a buffer: the file-like object ``StructFile`` and ``pickle.load`` read from."""

    __slots__ = ("_buf", "_len", "_pos")

    def __init__(self, buf):
        self._buf = buf
        self._len = len(buf)
        self._pos = 0

    def read(self, n=-1):
        start = self._pos
        end = self._len if n is None or n < 0 else min(self._len, start + n)
        self._pos = end
        return self._buf[start:end].tobytes()

    def peek(self, n=0):
        # pickle.load asks for a large read-ahead; a small window is enough for Whoosh's block headers and keeps
        # pickle from calling read() once per opcode (it then reads what it consumed in one call)
        return self._buf[self._pos : min(self._len, self._pos + 1024)].tobytes()

    def readinto(self, b):
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readline(self, size=-1):
        start = self._pos
        limit = self._len if size is None or size < 0 else min(self._len, start + size)
        pos = start
        while pos < limit:
            chunk = self._buf[pos : min(limit, pos + 256)].tobytes()
            i = chunk.find(b"\n")
            if i >= 0:
                pos += i + 1
                break
            pos += len(chunk)
        self._pos = pos
        return self._buf[start:pos].tobytes()

    def seek(self, pos, whence=0):
        if whence == 1:
            pos += self._pos
        elif whence == 2:
            pos += self._len
        self._pos = max(0, pos)
        return self._pos

    def tell(self):
        return self._pos

    def close(self):
        pass


class SharedReadFile(BufferFile):
    """A read-only Whoosh file over a buffer whose read position is per thread (``file`` is a thread-local cursor)."""

    def __init__(self, buf, name=None, onclose=None):
        self._buf = buf
        self._name = name
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False
        self._local = threading.local()

    @property
    def file(self):
        try:
            return self._local.cursor
        except AttributeError:
            cursor = self._local.cursor = _Cursor(self._buf)
            return cursor

    def get(self, position, length):
        return self._buf[position : position + length].tobytes()

    def subset(self, position, length, name=None):
        return SharedReadFile(self._buf[position : position + length], name=name or self._name)

    def close(self):
        if not self.is_closed and self.onclose:
            self.onclose(self)
        self.is_closed = True  # the map is released when the last reader of it is gone


class ThreadSafeStorage(FileStorage):
    """``FileStorage`` whose opened files are memory maps read through per-thread positions (see above).

    ``supports_mmap`` is False so that Whoosh's compound-segment storage reads through ``SharedReadFile.subset`` instead
    of mapping the file again behind a shared-position ``BufferFile``. Committed segment files are never modified,
    only deleted, and a deleted file stays readable through its map.
    """

    def __init__(self, path, readonly=False):
        super().__init__(path, supports_mmap=False, readonly=readonly)

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            buf = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b"")
        return SharedReadFile(buf, name=name, **kwargs)


def open_index(path: str):
    """The Whoosh index in ``path``, read through ``ThreadSafeStorage``."""
    return ThreadSafeStorage(path).open_index()


def create_index(path: str, schema):
    """A new empty Whoosh index in ``path`` (read through ``ThreadSafeStorage``)."""
    os.makedirs(path, exist_ok=True)
    return ThreadSafeStorage(path).create_index(schema)


# -- building ----------------------------------------------------------------------------------------------------
POSTING_BYTES = 96  # real memory of one pooled posting: a 5-tuple sharing its term, weight and value objects
RUN_CHUNK = 50_000


class CompactPostingPool(PostingPool):
    """Whoosh's posting pool with the same sort, a real memory limit and faster runs.

    Whoosh's pool estimates ~175 bytes per posting (with a check per posting) and writes a run to disk one pickle per
    posting. Postings from ``schema.VietText`` share their term, weight and value objects, so a posting costs
    ~``POSTING_BYTES``: the pool counts postings against ``limitmb``, and runs are pickled in chunks.
    """

    def __init__(self, tempstore, segment, limitmb=128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.max_items = max(10_000, int(limitmb * 1024 * 1024 / POSTING_BYTES))

    def add(self, item):
        current = self.current
        current.append(item)
        if len(current) >= self.max_items:
            self.save()

    def save(self):
        PostingPool.save(self)
        self.current = []

    def _write_run(self, f, items):
        import pickle  # nosec B403 - the pool's own temporary run files, written and read by this process only
        from itertools import islice

        it = iter(items)
        while True:
            chunk = list(islice(it, RUN_CHUNK))
            if not chunk:
                break
            pickle.dump(chunk, f, protocol=pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        import pickle  # nosec B403 - the pool's own temporary run files, written and read by this process only

        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)  # nosec B301 - a run file this writer made moments ago (as Whoosh's own pool)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class _LengthTable:
    """The new segment's field lengths read once per field into a list, for the writer's per-posting lookups.

    When the writer flushes its pool it asks ``doc_field_length(docnum, field)`` for every posting (block length
    statistics), each a column read; this answers with the same values from a list.
    """

    def __init__(self, lengths):
        self._lengths = lengths
        self._n = lengths.doc_count_all()
        self._tables: dict = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        table = self._tables.get(fieldname)
        if table is None:
            get = self._lengths.doc_field_length
            table = self._tables[fieldname] = [get(d, fieldname, default) for d in range(self._n)]
        try:
            return table[docnum]
        except IndexError:
            return self._lengths.doc_field_length(docnum, fieldname, default)


SMALL_BLOCK = 128  # posting blocks whose pickle is shorter are stored uncompressed (zlib does not shrink them)
# Postings per block (Whoosh writes 128). A search reads whole posting lists block by block into arrays
# (``arrays.postings``), paying ~25 µs of Python per block (seek, header, zlib, unpickle) whatever its size; at 1024
# that cost is an eighth per posting. Blocks are self-describing, so indexes written with 128 still read.
POSTING_BLOCK = 1024


class _LeanPostingsWriter(W3PostingsWriter):
    """Whoosh's posting writer without per-posting type assertions, without zlib for small blocks, and with a
    block's ids and frequencies pickled as typed arrays.

    Whoosh meant to skip compression under 20 bytes, but the next line overwrites that choice, so every block of every
    rare term (most of a Vietnamese index's syllable pairs) paid a zlib stream set-up. The block header records the
    compression used, so readers handle both.

    Whoosh pickles a block's delta-coded ids and its weights as tuples: unpickling makes a Python object per posting.
    As ``array('I')`` / ``array('f')`` (pickle protocol 4 stores them as raw bytes) they unpickle in one copy and
    reach numpy without conversion; Whoosh's own matchers iterate them as they did the tuples. Frequencies are whole
    numbers, exact in 32-bit floats.
    """

    def add_posting(self, id_, weight, vbytes, length=None):
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            minlength = self._minlength
            if minlength is None or length < minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _write_block(self, last=False):
        import zlib

        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = dumps((self._array_ids(), self._array_weights(), self._mini_values()), 4)
        comp = self._compression if len(databytes) >= SMALL_BLOCK else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        postfile = self._postfile
        blocklength = len(infobytes) + len(databytes)
        postfile.write_int(-blocklength if last else blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _array_ids(self):
        if self._byteids:
            return self._mini_ids()
        ids = self._ids
        return array("I", [ids[0]] + [b - a for a, b in zip(ids, ids[1:], strict=False)])

    def _array_weights(self):
        weights = self._mini_weights()
        return array("f", weights) if isinstance(weights, tuple) else weights


class _LeanCodec:
    """The writer's codec with ``_LeanPostingsWriter`` for postings (the segment keeps Whoosh's own codec object)."""

    def __init__(self, codec):
        self._codec = codec

    def __getattr__(self, name):
        return getattr(self._codec, name)

    def postings_writer(self, dbfile, byteids=False):
        c = self._codec
        return _LeanPostingsWriter(
            dbfile, POSTING_BLOCK, byteids=byteids, compression=c._compression, inlinelimit=c._inlinelimit
        )


def _compact_writer(ix, limitmb: int, **kwargs):
    """``ix.writer(limitmb=...)`` with the ``CompactPostingPool`` and per-field length tables at flush."""
    writer = ix.writer(limitmb=limitmb, **kwargs)
    writer.pool = CompactPostingPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    fieldwriter = writer.fieldwriter
    fieldwriter._codec = _LeanCodec(fieldwriter._codec)
    add_postings = fieldwriter.add_postings

    def add_postings_with_tables(schema, lengths, items):
        return add_postings(schema, _LengthTable(lengths) if lengths is not None else None, items)

    fieldwriter.add_postings = add_postings_with_tables
    return writer


COLUMNS = ("id", "kind", "doc_type", "year", "issuer", "units", "tasks", "issued_on", "updated_at")
SCORED_FIELDS = ("title", "title_f", "body", "body_f")


def _segment_data(segreader) -> dict:
    """Per-segment columns and field lengths (immutable for a segment, so memoized by segment id)."""
    n = segreader.doc_count_all()
    data = {}
    for name in COLUMNS:
        col = segreader.column_reader(name)
        values = [col[i] for i in range(n)]
        if name in MULTI_VALUED:
            values = [tuple(x for x in v.split(",") if x) if v else () for v in values]
        data[name] = values
    for name in SCORED_FIELDS:
        data["len:" + name] = [segreader.doc_field_length(i, name, 0) for i in range(n)]
    return data


@dataclass
class ReaderCache:
    """Per-reader data by docnum: index ids (None when deleted), facet/sort columns, field lengths for BM25."""

    ids: list
    docnum: dict
    columns: dict = field(default_factory=dict)
    lengths: dict = field(default_factory=dict)
    avg_length: dict = field(default_factory=dict)

    @classmethod
    def build(cls, reader, memo: dict | None = None, prune: bool = True) -> ReaderCache:
        memo = {} if memo is None else memo
        merged: dict = {}
        ids: list = []
        seen = set()
        for segreader, _offset in reader.leaf_readers():
            if not segreader.doc_count_all():
                continue
            key = (segreader.segment().segment_id(), segreader.doc_count_all())
            seen.add(key)
            if key not in memo:
                memo[key] = _segment_data(segreader)
            data = memo[key]
            for name, values in data.items():
                merged.setdefault(name, []).extend(values)
            ids.extend(None if segreader.is_deleted(i) else v for i, v in enumerate(data["id"]))
        if prune:
            for key in [k for k in memo if k not in seen]:
                del memo[key]
        docnum = {v: i for i, v in enumerate(ids) if v is not None}
        columns = {k: v for k, v in merged.items() if not k.startswith("len:")}
        lengths = {k[4:]: v for k, v in merged.items() if k.startswith("len:")}
        total = max(1, reader.doc_count_all())
        avg = {f: reader.field_length(f) / total for f in SCORED_FIELDS}
        lengths = lengths or {f: [] for f in SCORED_FIELDS}
        columns = columns or {c: [] for c in COLUMNS}
        return cls(ids=ids, docnum=docnum, columns=columns, lengths=lengths, avg_length=avg)


class IndexManager:
    """Owns one index folder: opening, the long-lived searcher, batched writes and rebuild-and-swap."""

    def __init__(self, index_dir: str):
        self.index_dir = os.path.abspath(index_dir)
        self._ix = None
        self._generation = None
        self._searcher = None
        self._caches: list = []  # [(reader, ReaderCache)] of the last KEEP_CACHES readers, newest last
        self._segment_memo: dict = {}
        # (index id, updated_at) -> the document's "more like this" terms, across generations; emptied by a rebuild
        # (the analyzer may have changed)
        self.similar_terms: dict = {}
        self._lock = threading.RLock()
        self.meta: dict = {}

    # -- generations -------------------------------------------------------------------------------------------
    def current_generation(self) -> str | None:
        """Name of the live generation folder, or None when there is none."""
        try:
            with open(os.path.join(self.index_dir, CURRENT), encoding="utf-8") as fh:
                name = fh.read().strip()
        except FileNotFoundError:
            return None
        return name if name and os.path.isdir(os.path.join(self.index_dir, name)) else None

    def _new_generation(self) -> str:
        name = "gen-{}-{}".format(time.strftime("%Y%m%d%H%M%S"), uuid.uuid4().hex[:6])
        path = os.path.join(self.index_dir, name)
        os.makedirs(path)
        create_index(path, build_schema())
        with open(os.path.join(path, META), "w", encoding="utf-8") as fh:
            json.dump({"analyzer_version": ANALYZER_VERSION, "created": time.time()}, fh)
        return name

    def _point_to(self, name: str) -> None:
        tmp = os.path.join(self.index_dir, CURRENT + ".tmp-" + uuid.uuid4().hex[:6])
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(name)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, os.path.join(self.index_dir, CURRENT))

    def _drop_old_generations(self, keep: str) -> None:
        gens = sorted(d for d in os.listdir(self.index_dir) if d.startswith("gen-") and d != keep)
        for old in gens[: max(0, len(gens) - KEEP_OLD_GENERATIONS)]:
            shutil.rmtree(os.path.join(self.index_dir, old), ignore_errors=True)

    # -- opening -----------------------------------------------------------------------------------------------
    def open(self):
        """Open the live generation (creating an empty one if none); returns the Whoosh index.

        Reads ``meta.json``: ``needs_rebuild`` is True when its analyzer stamp differs from ``ANALYZER_VERSION``.
        """
        with self._lock:
            os.makedirs(self.index_dir, exist_ok=True)
            name = self.current_generation()
            if name is None:
                name = self._new_generation()
                self._point_to(name)
            if name != self._generation or self._ix is None:
                path = os.path.join(self.index_dir, name)
                try:
                    with open(os.path.join(path, META), encoding="utf-8") as fh:
                        self.meta = json.load(fh)
                except (FileNotFoundError, ValueError):
                    self.meta = {}
                self._ix = open_index(path)
                self._generation = name
                self.similar_terms = {}  # another build: its analyzer may give other terms
                # the old searcher is dropped, not closed: a search running in another thread may still use it
                self._searcher = None
            return self._ix

    @property
    def needs_rebuild(self) -> bool:
        """True when the live index was built by another analyzer version (or has no stamp)."""
        self.open()
        return self.meta.get("analyzer_version") != ANALYZER_VERSION

    def status(self) -> dict:
        """Generation, analyzer stamps and document count, for `flask search check` and the admin page."""
        s = self.searcher()
        return {
            "generation": self._generation,
            "analyzer_version": self.meta.get("analyzer_version"),
            "expected_analyzer_version": ANALYZER_VERSION,
            "needs_rebuild": self.needs_rebuild,
            "doc_count": s.doc_count(),
        }

    # -- searching ---------------------------------------------------------------------------------------------
    def searcher(self):
        """The process's searcher, refreshed cheaply (follows commits and generation swaps)."""
        with self._lock:
            if self.current_generation() != self._generation:
                self.open()
            if self._ix is None:
                self.open()
            if self._searcher is None or not self._searcher.up_to_date():
                # Not Searcher.refresh(): whoosh-reloaded 2.7.5 merges the old reader's segments into the new
                # reader (index.py _reader: segments.extend(reuse.segments())), so deleted and replaced documents
                # come back. A fresh searcher is correct; the per-segment memo keeps our caches cheap.
                self._searcher = self._ix.searcher()
            return self._searcher

    def cache(self, searcher=None) -> ReaderCache:
        """The ``ReaderCache`` of the given (or current) searcher's reader, built once per reader generation."""
        searcher = searcher or self.searcher()
        reader = searcher.reader()
        with self._lock:
            for cached_reader, cache in self._caches:
                if cached_reader is reader:
                    return cache
            # Threads still finishing a search on the previous reader keep their cache while new searches build the
            # new one: with a single slot they rebuilt each other's cache on every call during an import.
            cache = ReaderCache.build(reader, self._segment_memo, prune=False)
            self._caches = (self._caches + [(reader, cache)])[-KEEP_CACHES:]
            live = set()
            for cached_reader, _ in self._caches:
                for segreader, _offset in cached_reader.leaf_readers():
                    if segreader.doc_count_all():
                        live.add((segreader.segment().segment_id(), segreader.doc_count_all()))
            for key in [k for k in self._segment_memo if k not in live]:
                del self._segment_memo[key]
            return cache

    # -- writing -----------------------------------------------------------------------------------------------
    def apply(self, upserts: list[dict], deletes: list[str], timeout: float = 2.0) -> int:
        """Apply upserts (plain dicts, see ``schema.to_fields``) and deletes (index ids) in one writer and one commit.

        Raises ``LockError`` when another writer holds the lock for longer than ``timeout``; nothing is written then.
        On any error the writer is cancelled, never committed.
        """
        if not upserts and not deletes:
            return 0
        ix = self.open()
        writer = _compact_writer(ix, 128, timeout=timeout, delay=0.05) if timeout else _compact_writer(ix, 128)
        try:
            for doc_id in deletes:
                writer.delete_by_term("id", doc_id)
            for doc in upserts:
                writer.update_document(**to_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return len(upserts) + len(deletes)

    def rebuild(self, iter_docs, limitmb: int = 256, batch_size: int = 0, progress=None, procs: int = 1) -> str:
        """Build a new generation from ``iter_docs`` (plain dicts) beside the live one, then swap it in.

        The live generation keeps serving during the build. ``batch_size`` > 0 commits every that many docs (bounds
        temporary disk); 0 makes one commit. ``procs`` > 1 uses Whoosh's multi-process writer, each process writing
        its own segment (kept unmerged). Returns the new generation's name.
        """
        os.makedirs(self.index_dir, exist_ok=True)
        name = self._new_generation()
        path = os.path.join(self.index_dir, name)
        try:
            ix = open_index(path)

            def new_writer():
                if procs > 1:
                    return ix.writer(limitmb=limitmb, procs=procs, multisegment=True)
                return _compact_writer(ix, limitmb)

            writer = new_writer()
            count = 0
            try:
                for doc in iter_docs:
                    writer.add_document(**to_fields(doc))
                    count += 1
                    if progress and count % 1000 == 0:
                        progress(count)
                    if batch_size and count % batch_size == 0:
                        writer.commit(merge=False)
                        writer = new_writer()
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            ix.close()
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        with self._lock:
            self._point_to(name)
            self.open()
        self._drop_old_generations(keep=name)
        return name

    def close(self) -> None:
        """Close the searcher and index (tests, shutdown)."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            if self._ix is not None:
                self._ix.close()
            self._searcher = self._ix = self._generation = None
            self._caches = []
