"""Configuration: defaults per environment, overridden by PORTAL_* variables read when the app is created.

Nothing here reads the environment at import. `settings_from_environment(environ, cls)` turns the PORTAL_* variables
into config values; the app factory applies them on top of the chosen class. A class pins a value by defining it
itself (the testing config pins its cheap hash and its key), so the environment cannot override a pinned value.
"""

import os

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
DEV_SECRET = "dev-only-secret-change-me"  # nosec B105  # development only; the production config refuses it


def _flag(value):
    return value not in ("0", "false", "False", "no", "")


def _mb(value):
    return int(value)


# config key -> (environment variable, converter). One line per setting; README's table documents them.
ENVIRONMENT = {
    "SECRET_KEY": ("PORTAL_SECRET_KEY", str),
    "SQLALCHEMY_DATABASE_URI": ("PORTAL_DATABASE_URL", str),
    "INDEX_DIR": ("PORTAL_INDEX_DIR", os.path.abspath),
    "UPLOAD_DIR": ("PORTAL_UPLOAD_DIR", os.path.abspath),
    "MAX_UPLOAD_MB": ("PORTAL_MAX_UPLOAD_MB", _mb),
    "EXTRACT_TIMEOUT": ("PORTAL_EXTRACT_TIMEOUT", int),
    "EXTRACT_MEMORY_MB": ("PORTAL_EXTRACT_MEMORY_MB", int),
    "OCR_ENABLED": ("PORTAL_OCR", _flag),
    "PASSWORD_HASH_METHOD": ("PORTAL_PASSWORD_HASH", str),
    "TWO_FACTOR_REQUIRED": ("PORTAL_2FA_REQUIRED", _flag),
    "LOGIN_MAX_FAILURES": ("PORTAL_LOGIN_MAX_FAILURES", int),
    "LOGIN_WINDOW_MINUTES": ("PORTAL_LOGIN_WINDOW_MINUTES", int),
    "LOGIN_MAX_FAILURES_PER_IP": ("PORTAL_LOGIN_MAX_FAILURES_PER_IP", int),
    "SESSION_LIFETIME_HOURS": ("PORTAL_SESSION_HOURS", int),
    "SESSION_COOKIE_SECURE": ("PORTAL_COOKIE_SECURE", _flag),
    "SMTP_HOST": ("PORTAL_SMTP_HOST", str),
    "SMTP_PORT": ("PORTAL_SMTP_PORT", int),
    "SMTP_USER": ("PORTAL_SMTP_USER", str),
    "SMTP_PASSWORD": ("PORTAL_SMTP_PASSWORD", str),
    "SMTP_FROM": ("PORTAL_SMTP_FROM", str),
    "TRUST_PROXY": ("PORTAL_TRUST_PROXY", _flag),
    "SEARCH_APPLY_INLINE": ("PORTAL_SEARCH_INLINE", _flag),
    "JOBS_INLINE": ("PORTAL_JOBS_INLINE", _flag),
    "JOBS_POLL_SECONDS": ("PORTAL_JOBS_POLL", float),
    "JOBS_THREADS": ("PORTAL_JOBS_THREADS", int),
    "DUE_SOON_DAYS": ("PORTAL_DUE_SOON_DAYS", int),
    "TIMEZONE": ("PORTAL_TIMEZONE", str),
}


class Config:
    """Development defaults: SQLite file, Whoosh index and uploads inside the project."""

    SECRET_KEY = DEV_SECRET
    SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(BASE_DIR, "portal.db")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    INDEX_DIR = os.path.join(BASE_DIR, "indexes")
    UPLOAD_DIR = os.path.join(BASE_DIR, "uploads")
    MAX_UPLOAD_MB = 50
    EXTRACT_TIMEOUT = 120
    EXTRACT_MEMORY_MB = 1024
    OCR_ENABLED = True
    # argon2id at OWASP's Password Storage Cheat Sheet parameters (19 MiB, 2 passes, 1 lane): about 30 ms of CPU per
    # sign-in here. Older hashes (pbkdf2) still verify and are replaced at the next successful sign-in.
    PASSWORD_HASH_METHOD = "argon2id:m=19456,t=2,p=1"  # nosec B105  # a hash method name, not a password
    # The second factor (TOTP) for accounts that read leadership or secret documents or administer: None means this
    # environment's default (TWO_FACTOR_DEFAULT: on in production, off in development, the demo and tests);
    # PORTAL_2FA_REQUIRED=1/0 decides it explicitly.
    TWO_FACTOR_REQUIRED = None
    TWO_FACTOR_DEFAULT = False
    LOGIN_MAX_FAILURES = 5
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_MAX_FAILURES_PER_IP = 30
    SESSION_LIFETIME_HOURS = 10
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "portal_session"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    SMTP_HOST = None
    SMTP_PORT = 25
    SMTP_USER = None
    SMTP_PASSWORD = None
    SMTP_FROM = "cong-thong-tin@localhost"
    TRUST_PROXY = False
    SEARCH_APPLY_INLINE = True
    JOBS_INLINE = True  # the web process runs background jobs itself (started by its first request)
    JOBS_POLL_SECONDS = 2.0
    JOBS_THREADS = 1
    DUE_SOON_DAYS = 7
    TIMEZONE = "Asia/Ho_Chi_Minh"
    TESTING = False

    @staticmethod
    def derived(values):
        """Values computed from others once the environment is applied."""
        required = values.get("TWO_FACTOR_REQUIRED")
        return {
            "MAX_CONTENT_LENGTH": (int(values["MAX_UPLOAD_MB"]) + 1) * 1024 * 1024,
            "TWO_FACTOR_REQUIRED": bool(values["TWO_FACTOR_DEFAULT"] if required is None else required),
        }


class TestingConfig(Config):
    """Tests: cheaper password hash, CSRF on (tests that need it off say so)."""

    TESTING = True
    JOBS_INLINE = False  # tests run jobs themselves (jobs.drain) or start a runner on purpose
    PASSWORD_HASH_METHOD = "argon2id:m=1024,t=1,p=1"  # nosec B105  # tests only: a hash method name, not a password
    SECRET_KEY = "test-secret"  # nosec B105  # tests only


class ProductionConfig(Config):
    """Production: refuses to start without a real secret key; the second factor is required."""

    TWO_FACTOR_DEFAULT = True

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


def _pinned(cls, key):
    """True when a subclass of Config defines `key` itself (the environment may not override it)."""
    return any(key in vars(klass) for klass in cls.__mro__ if klass not in (Config, object))


def settings_from_environment(environ, cls=Config):
    """Config values from the PORTAL_* variables that are set (empty counts as unset); pinned keys are skipped."""
    values = {}
    for key, (name, convert) in ENVIRONMENT.items():
        raw = environ.get(name)
        if raw in (None, "") or _pinned(cls, key):
            continue
        try:
            values[key] = convert(raw)
        except ValueError:
            raise RuntimeError(f"Biến môi trường {name} không hợp lệ: «{raw}».") from None
    return values
