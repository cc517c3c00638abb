"""Operations: consistent backups and restores, integrity checks of files, database and index."""

from . import backup, integrity  # noqa: F401
