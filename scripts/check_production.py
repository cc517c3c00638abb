"""Refuse to start production without a real secret key: one clear Vietnamese line, exit status 1."""

import sys

from config import ProductionConfig

try:
    ProductionConfig.validate()
except RuntimeError as error:
    sys.exit(f"Lỗi: {error}")
