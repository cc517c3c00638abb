"""Pure Vietnamese text handling (stdlib only): normalization, legacy encodings, document numbers, dates."""

from portal.text.clean import clean_line, clean_text
from portal.text.normalize import diacritic_ratio, fold, nfc, normalize, strip_diacritics, syllables

__all__ = ["clean_text", "clean_line", "normalize", "fold", "syllables", "nfc", "diacritic_ratio", "strip_diacritics"]
