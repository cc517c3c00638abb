"""Ranking changes judged by 5-fold cross-validation on the dev questions.

    python -m benchmarks.relevance_cv [--index-dir /tmp/bench-cache/ours-12k] [--variants a,b] [--rerun a,b]

Every variant (a set of engine settings, below) is run once on all 775 questions, as written and without diacritics,
and its reciprocal rank per question is cached on disk next to the index. The questions are split into 5 folds
(stratified by question type, by a hash of the question id). For each fold, the variant with the best mean MRR@10
(as written and without diacritics averaged) on the other four folds is chosen, and its MRR@10 on the held-out fold is
reported. Single changes are also shown against the baseline fold by fold, so a change that helps only some folds
is visible. Writes benchmarks/results/relevance-cv.md.

The index is built once (about 8 minutes) into ``--index-dir`` and reused.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import statistics
import time

from benchmarks.common import arg_parser, corpus_files, load_queries, load_units, strip_diacritics, to_index_doc

FOLDS = 5

# Settings before this work (the engine as it was): every new switch off.
BASELINE = {
    "portal.search.query.DROP_INTENT": False,
    "portal.search.query.BIGRAM_MAX_DF_RATIO": 1.0,
    "portal.search.query.MAX_UNIGRAMS": 10,
    "portal.search.query.MAX_BIGRAMS": 10,
    "portal.search.query.RESTORED_BONUS": 0.0,
    "portal.search.engine.PROXIMITY_WEIGHT": 0.0,
    "portal.search.query.SYNONYM_BOOST": 0.0,
    "portal.search.scoring.FIELD_BOOST": {"title": 2.0, "title_f": 2.0},
}

# Variants: name -> overrides on top of BASELINE. Single changes first, then combinations.
VARIANTS = {
    "baseline": {},
    "intent": {"portal.search.query.DROP_INTENT": True},
    "bigram_df_10": {"portal.search.query.BIGRAM_MAX_DF_RATIO": 0.10},
    "unigrams_8": {"portal.search.query.MAX_UNIGRAMS": 8},
    "unigrams_14": {"portal.search.query.MAX_UNIGRAMS": 14},
    "bigrams_14": {"portal.search.query.MAX_BIGRAMS": 14},
    "bigrams_20": {"portal.search.query.MAX_BIGRAMS": 20},
    "bigrams_30": {"portal.search.query.MAX_BIGRAMS": 30},
    "restored": {"portal.search.query.RESTORED_BONUS": 0.5},
    "restored_1": {"portal.search.query.RESTORED_BONUS": 1.0},
    "proximity_02": {"portal.search.engine.PROXIMITY_WEIGHT": 0.2},
    "proximity_05": {"portal.search.engine.PROXIMITY_WEIGHT": 0.5},
    "synonyms": {"portal.search.query.SYNONYM_BOOST": 0.7},
    "title_3": {"portal.search.scoring.FIELD_BOOST": {"title": 3.0, "title_f": 3.0}},
    "title_15": {"portal.search.scoring.FIELD_BOOST": {"title": 1.5, "title_f": 1.5}},
    "proximity_1": {"portal.search.engine.PROXIMITY_WEIGHT": 1.0},
    "proximity_2": {"portal.search.engine.PROXIMITY_WEIGHT": 2.0},
    "proximity_1_80ch": {"portal.search.engine.PROXIMITY_WEIGHT": 1.0, "portal.search.engine.PROXIMITY_CHARS": 80},
    "proximity_1_20ch": {"portal.search.engine.PROXIMITY_WEIGHT": 1.0, "portal.search.engine.PROXIMITY_CHARS": 20},
    "intent+proximity_1": {"portal.search.query.DROP_INTENT": True, "portal.search.engine.PROXIMITY_WEIGHT": 1.0},
    "intent+proximity_05": {"portal.search.query.DROP_INTENT": True, "portal.search.engine.PROXIMITY_WEIGHT": 0.5},
}
    "title_1": {"portal.search.scoring.FIELD_BOOST": {"title": 1.0, "title_f": 1.0}},
    "title_125": {"portal.search.scoring.FIELD_BOOST": {"title": 1.25, "title_f": 1.25}},
}
_TITLE_15 = {"portal.search.scoring.FIELD_BOOST": {"title": 1.5, "title_f": 1.5}}
VARIANTS["title_15+proximity_1"] = {**_TITLE_15, "portal.search.engine.PROXIMITY_WEIGHT": 1.0}
VARIANTS["title_15+proximity_05"] = {**_TITLE_15, "portal.search.engine.PROXIMITY_WEIGHT": 0.5}
VARIANTS["title_15+proximity_1+intent"] = {**VARIANTS["title_15+proximity_1"], "portal.search.query.DROP_INTENT": True}
_ALL = {
    **_TITLE_15,
    "portal.search.query.DROP_INTENT": True,
    "portal.search.engine.PROXIMITY_WEIGHT": 1.0,
    "portal.search.query.BIGRAM_MAX_DF_RATIO": 0.10,
    "portal.search.query.MAX_UNIGRAMS": 14,
    "portal.search.query.MAX_BIGRAMS": 20,
    "portal.search.query.RESTORED_BONUS": 0.5,
}
VARIANTS["all_1"] = dict(_ALL)
VARIANTS["all_1+synonyms"] = {**_ALL, "portal.search.query.SYNONYM_BOOST": 0.7}
VARIANTS["all_2"] = {**_ALL, "portal.search.engine.PROXIMITY_WEIGHT": 2.0}
VARIANTS["all_05"] = {**_ALL, "portal.search.engine.PROXIMITY_WEIGHT": 0.5}
