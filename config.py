"""Configuration read from PORTAL_* environment variables, with safe defaults inside the project."""

import os

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
DEV_SECRET = "dev-only-secret-change-me"  # nosec B105  # development only; the production config refuses it


def _env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_int(name, default):
    return int(_env(name, default))


class Config:
    """Development defaults: SQLite file, Whoosh index and uploads inside the project."""

    SECRET_KEY = _env("PORTAL_SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = _env("PORTAL_DATABASE_URL", "sqlite:///" + os.path.join(BASE_DIR, "portal.db"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    INDEX_DIR = os.path.abspath(_env("PORTAL_INDEX_DIR", os.path.join(BASE_DIR, "indexes")))
    UPLOAD_DIR = os.path.abspath(_env("PORTAL_UPLOAD_DIR", os.path.join(BASE_DIR, "uploads")))
    MAX_UPLOAD_MB = _env_int("PORTAL_MAX_UPLOAD_MB", 50)
    MAX_CONTENT_LENGTH = (MAX_UPLOAD_MB + 1) * 1024 * 1024
    EXTRACT_TIMEOUT = _env_int("PORTAL_EXTRACT_TIMEOUT", 120)
    EXTRACT_MEMORY_MB = _env_int("PORTAL_EXTRACT_MEMORY_MB", 1024)
    OCR_ENABLED = _env("PORTAL_OCR", "1") != "0"
    # OWASP ASVS 5.0 V11: pbkdf2-sha256 with at least 600,000 iterations.
    PASSWORD_HASH_METHOD = _env("PORTAL_PASSWORD_HASH", "pbkdf2:sha256:600000")
    LOGIN_MAX_FAILURES = _env_int("PORTAL_LOGIN_MAX_FAILURES", 5)
    LOGIN_WINDOW_MINUTES = _env_int("PORTAL_LOGIN_WINDOW_MINUTES", 15)
    LOGIN_MAX_FAILURES_PER_IP = _env_int("PORTAL_LOGIN_MAX_FAILURES_PER_IP", 30)
    SESSION_LIFETIME_HOURS = _env_int("PORTAL_SESSION_HOURS", 10)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env("PORTAL_COOKIE_SECURE", "0") == "1"
    SESSION_COOKIE_NAME = "portal_session"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    SMTP_HOST = _env("PORTAL_SMTP_HOST")
    SMTP_PORT = _env_int("PORTAL_SMTP_PORT", 25)
    SMTP_USER = _env("PORTAL_SMTP_USER")
    SMTP_PASSWORD = _env("PORTAL_SMTP_PASSWORD")
    SMTP_FROM = _env("PORTAL_SMTP_FROM", "cong-thong-tin@localhost")
    TRUST_PROXY = _env("PORTAL_TRUST_PROXY", "0") == "1"
    SEARCH_APPLY_INLINE = _env("PORTAL_SEARCH_INLINE", "1") != "0"
    JOBS_INLINE = _env("PORTAL_JOBS_INLINE", "1") != "0"
    JOBS_POLL_SECONDS = float(_env("PORTAL_JOBS_POLL", "2"))
    JOBS_THREADS = _env_int("PORTAL_JOBS_THREADS", 1)
    DUE_SOON_DAYS = _env_int("PORTAL_DUE_SOON_DAYS", 7)
    TIMEZONE = "Asia/Ho_Chi_Minh"
    TESTING = False


class TestingConfig(Config):
    """Tests: cheaper password hash, CSRF on (tests that need it off say so)."""

    TESTING = True
    JOBS_INLINE = False  # tests run jobs themselves (jobs.drain) or start a runner on purpose
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # nosec B105  # tests only: a hash method name, not a password
    SECRET_KEY = "test-secret"  # nosec B105  # tests only


class ProductionConfig(Config):
    """Production: refuses to start without a real secret key."""

    SESSION_COOKIE_SECURE = _env("PORTAL_COOKIE_SECURE", "0") == "1"

    @classmethod
    def validate(cls, key=None):
        """Refuse a missing, default or short secret key (the loaded one, or the environment's)."""
        key = key if key is not None else os.environ.get("PORTAL_SECRET_KEY", "")
        if not key or key == DEV_SECRET or len(key) < 32:
            raise RuntimeError(
                "PORTAL_SECRET_KEY chưa được đặt hoặc quá ngắn (cần ít nhất 32 ký tự ngẫu nhiên); "
                "cấu hình sản xuất từ chối khởi động."
            )


CONFIGS = {"development": Config, "testing": TestingConfig, "production": ProductionConfig}
