"""Operations: consistent backups and restores, integrity checks of files, database and index."""

from . import backup, health, integrity  # noqa: F401
