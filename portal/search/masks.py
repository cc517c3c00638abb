"""A reader's visible set as a docnum bitmap, built once per index generation from the database's id filter.

``security.visible_filter`` gives sorted arrays of document and material ids (cached per visibility class and data
version). Docnums move when segments merge, so the bitmap is built per reader generation and kept on that
generation's ``ReaderCache``: one byte per docnum (10 KB at 10k documents), tested with ``in`` like a set and accepted
by Whoosh as a filter.
"""

from __future__ import annotations

from itertools import compress

from whoosh.idsets import DocIdSet

MAX_MASKS_PER_GENERATION = 128


class DocnumMask(DocIdSet):
    """Allowed docnums as a bytearray (1 = allowed); set-like: ``in``, iteration, ``len``, ``-``."""

    __slots__ = ("bits", "count")

    def __init__(self, bits: bytearray, count: int | None = None):
        self.bits = bits
        self.count = sum(bits) if count is None else count

    def __contains__(self, docnum) -> bool:
        return 0 <= docnum < len(self.bits) and bool(self.bits[docnum])

    def __iter__(self):
        return compress(range(len(self.bits)), self.bits)

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __sub__(self, other):
        bits = bytearray(self.bits)
        removed = 0
        for d in other:
            if 0 <= d < len(bits) and bits[d]:
                bits[d] = 0
                removed += 1
        return DocnumMask(bits, self.count - removed)

    def copy(self):
        return DocnumMask(bytearray(self.bits), self.count)


def _id_maps(cache):
    """{document id: docnum} and {material id: docnum} of one reader generation (built once per generation)."""
    maps = cache.__dict__.get("_id_maps")
    if maps is None:
        docs, mats = {}, {}
        for docnum, index_id in enumerate(cache.ids):
            if index_id is None:
                continue
            kind, _, n = index_id.partition(":")
            (docs if kind == "document" else mats)[int(n)] = docnum
        maps = cache.__dict__["_id_maps"] = (docs, mats)
    return maps


def mask_for(cache, visible) -> DocnumMask:
    """The bitmap of ``visible`` (a ``security.VisibleFilter``) in this reader generation, memoized on the cache."""
    masks = cache.__dict__.setdefault("_masks", {})
    found = masks.get(visible.key)
    if found is not None:
        return found
    docs, mats = _id_maps(cache)
    bits = bytearray(len(cache.ids))
    count = 0
    for ids, table in ((visible.documents, docs), (visible.materials, mats)):
        get = table.get
        for i in ids:
            d = get(i)
            if d is not None:
                bits[d] = 1
                count += 1
    mask = DocnumMask(bits, count)
    if len(masks) >= MAX_MASKS_PER_GENERATION:
        masks.clear()
    masks[visible.key] = mask
    return mask
