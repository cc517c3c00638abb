"""Refuse to start production without a real secret key: one clear Vietnamese line, exit status 1."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from config import ProductionConfig  # noqa: E402

try:
    ProductionConfig.validate()
except RuntimeError as error:
    sys.exit(f"Lỗi: {error}")
