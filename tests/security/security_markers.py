"""The XSS payloads the security fixtures plant (import this, not conftest)."""

XSS_FILE = '"><script>alert(1)</script>.txt'
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")
