"""A reader's visible set as a boolean vector over docnums, built once per index generation from the database's ids.

``security.visible_filter`` gives sorted arrays of document and material ids (cached per visibility class and data
version). Docnums move when segments merge, so the vector is built per reader generation and kept on that
generation's ``ReaderCache``: one byte per docnum (10 KB at 10k documents), read-only, shared by every search of
that class. ``DocnumMask`` hands the same set to Whoosh's own searches (autocomplete) as a filter.
"""

from __future__ import annotations

from itertools import compress

import numpy as np
from whoosh.idsets import DocIdSet

MAX_MASKS_PER_GENERATION = 128


class DocnumMask(DocIdSet):
    """Allowed docnums of a boolean vector, as Whoosh takes a filter: ``in``, iteration, ``len``."""

    __slots__ = ("bits", "count")

    def __init__(self, vector: np.ndarray):
        self.bits = bytearray(vector.view(np.uint8))
        self.count = int(vector.sum())

    def __contains__(self, docnum) -> bool:
        return 0 <= docnum < len(self.bits) and bool(self.bits[docnum])

    def __iter__(self):
        return compress(range(len(self.bits)), self.bits)

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0


def _id_arrays(cache) -> tuple[np.ndarray, np.ndarray]:
    """The document id and the material id of each docnum (-1 where it is not one), built once per generation."""
    found = cache.__dict__.get("_id_arrays")
    if found is None:
        docs = np.full(len(cache.ids), -1, dtype=np.int64)
        mats = np.full(len(cache.ids), -1, dtype=np.int64)
        for docnum, index_id in enumerate(cache.ids):
            if index_id is None:
                continue
            kind, _, n = index_id.partition(":")
            (docs if kind == "document" else mats)[docnum] = int(n)
        found = cache.__dict__["_id_arrays"] = (docs, mats)
    return found


def mask_for(cache, visible) -> np.ndarray:
    """The read-only vector of ``visible`` (a ``security.VisibleFilter``) in this reader generation, memoized."""
    masks = cache.__dict__.setdefault("_masks", {})
    found = masks.get(visible.key)
    if found is not None:
        return found
    docs, mats = _id_arrays(cache)
    mask = np.isin(docs, np.frombuffer(visible.documents, dtype=np.int64)) | np.isin(
        mats, np.frombuffer(visible.materials, dtype=np.int64)
    )
    mask.flags.writeable = False
    if len(masks) >= MAX_MASKS_PER_GENERATION:
        masks.clear()
    masks[visible.key] = mask
    return mask
