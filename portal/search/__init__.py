"""Vietnamese full-text search on Whoosh (the only package importing whoosh).

- ``analysis``: terms (exact/folded syllables, bigrams, abbreviations) and ``ANALYZER_VERSION``.
- ``schema`` / ``index``: the schema, ``IndexManager`` (generations, CURRENT pointer, apply, rebuild-and-swap).
- ``query``: the user's syntax and the bounded query plan; ``QueryRejected``.
- ``scoring``: BM25F over posting blocks.
- ``engine``: ``search``, ``more_like_this``, ``autocomplete`` over an allowed id set; quoted phrases checked in the
  stored text (``total_exact``); the ``suggestion`` of ``restore``.
- ``restore``: diacritics restored from the index's own syllable and pair frequencies ("cai cach" -> "cải cách").
- ``synonyms`` / ``synonym_defaults``: the office's synonym list as plain lines, applied at query time.
- ``jobs`` / ``service``: the database side (index jobs, permissions, rebuild, check).
"""
