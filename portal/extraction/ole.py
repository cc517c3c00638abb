"""Read just enough of an OLE2 compound file (Word 97-2003 .doc, Excel .xls, password-protected OOXML) to name it.

Only the directory and the first sector of one stream are read, with every chain bounded, so a hostile file costs
the parent process a few kilobytes and milliseconds before anything is handed to a parser.
"""

import struct

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFA  # FAT values at or above this end a chain (or mark special sectors)
MAX_DIR_ENTRIES = 4096
MINI_CUTOFF = 4096
MINI_SECTOR = 64
MAX_STREAM_BYTES = 1 << 20  # summary information is a few hundred bytes
SUMMARY = "\x05SummaryInformation"
PID_PAGECOUNT, PID_WORDCOUNT, VT_I4 = 14, 15, 3
WORD_MAGIC = (0xA5EC, 0xA5DC)
FIB_ENCRYPTED, FIB_OBFUSCATED = 0x0100, 0x8000
BIFF_BOF, BIFF_FILEPASS = 0x0809, 0x002F


class OleError(ValueError):
    """Not a readable compound file."""


def ole_kind(path: str) -> str:
    """ "doc", "xls", "encrypted" (a password-protected .doc/.xls/.docx/.xlsx) or "unsupported"."""
    try:
        with open(path, "rb") as handle:
            reader = _Reader(handle)
            entries = reader.directory()
            names = {name: (start, size) for name, _kind, start, size in entries}
            if "EncryptedPackage" in names:
                return "encrypted"
            if "WordDocument" in names:
                return "encrypted" if _word_encrypted(reader.first_sector(*names["WordDocument"])) else "doc"
            for book in ("Workbook", "Book"):
                if book in names:
                    return "encrypted" if _xls_encrypted(reader.first_sector(*names[book])) else "xls"
    except (OleError, OSError, struct.error):
        return "unsupported"
    return "unsupported"


def summary_counts(path: str) -> tuple[int | None, int | None]:
    """(pages, words) that Word saved in the file's SummaryInformation property set; (None, None) if absent."""
    try:
        with open(path, "rb") as handle:
            reader = _Reader(handle)
            entries = reader.directory()
            root = next((e for e in entries if e[1] == 5), None)
            found = next((e for e in entries if e[0] == SUMMARY and e[1] == 2), None)
            if root is None or found is None:
                return None, None
            _name, _kind, start, size = found
            if size < MINI_CUTOFF:
                data = reader.read_small(start, size, root[2], root[3])
            else:
                data = reader.read_regular(start, size)
        props = _properties(data)
    except (OleError, OSError, struct.error, ValueError):
        return None, None
    return props.get(PID_PAGECOUNT), props.get(PID_WORDCOUNT)


def _properties(data: bytes) -> dict[int, int]:
    """The 4-byte integer properties of the first section of a property set stream (MS-OLEPS 2.21)."""
    section = struct.unpack_from("<I", data, 44)[0]
    count = struct.unpack_from("<I", data, section + 4)[0]
    out = {}
    for i in range(min(count, 256)):
        pid, offset = struct.unpack_from("<II", data, section + 8 + 8 * i)
        vtype = struct.unpack_from("<H", data, section + offset)[0]
        if vtype == VT_I4:
            out[pid] = struct.unpack_from("<i", data, section + offset + 4)[0]
    return out


def _word_encrypted(fib: bytes | None) -> bool:
    """The FIB's fEncrypted / fObfuscated flags (MS-DOC 2.5.2)."""
    if not fib or len(fib) < 12:
        return False
    ident, flags = struct.unpack_from("<H", fib, 0)[0], struct.unpack_from("<H", fib, 10)[0]
    return ident in WORD_MAGIC and bool(flags & (FIB_ENCRYPTED | FIB_OBFUSCATED))


def _xls_encrypted(data: bytes | None) -> bool:
    """A FILEPASS record among the first records after BOF (MS-XLS 2.4.117)."""
    if not data:
        return False
    pos = 0
    while pos + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, pos)
        if kind == BIFF_FILEPASS:
            return True
        if pos == 0 and kind != BIFF_BOF:
            return False
        pos += 4 + length
    return False


class _Reader:
    """Sector access over an open compound file with bounded chain walks."""

    def __init__(self, handle):
        self.handle = handle
        header = handle.read(512)
        if len(header) < 512 or not header.startswith(OLE_MAGIC):
            raise OleError("not OLE2")
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            raise OleError("bad sector size")
        self.size = 1 << shift
        handle.seek(0, 2)
        self.sectors = max(handle.tell() // self.size - 1, 0)
        self.first_dir = struct.unpack_from("<I", header, 0x30)[0]
        self.first_minifat = struct.unpack_from("<I", header, 0x3C)[0]
        self.fat = self._fat(header)

    def sector(self, number: int) -> bytes:
        """One sector's bytes."""
        if number >= self.sectors:
            raise OleError("sector out of range")
        self.handle.seek((number + 1) * self.size)
        return self.handle.read(self.size)

    def _fat(self, header: bytes) -> list[int]:
        """The FAT from the header's DIFAT array and its DIFAT chain."""
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < _END]
        difat, seen = struct.unpack_from("<I", header, 0x44)[0], set()
        while difat < _END and difat not in seen and len(seen) < self.sectors:
            seen.add(difat)
            values = struct.unpack(f"<{self.size // 4}I", self.sector(difat))
            fat_sectors += [s for s in values[:-1] if s < _END]
            difat = values[-1]
        fat = []
        for number in fat_sectors[: self.sectors + 1]:
            fat += struct.unpack(f"<{self.size // 4}I", self.sector(number))
        return fat

    def chain(self, start: int, limit: int):
        """Sector numbers of a chain, at most `limit`, stopping on loops."""
        seen = set()
        while start < _END and start not in seen and len(seen) < limit and start < len(self.fat):
            seen.add(start)
            yield start
            start = self.fat[start]

    def directory(self) -> list[tuple[str, int, int, int]]:
        """(name, type, start sector, size) of every directory entry."""
        entries = []
        for number in self.chain(self.first_dir, MAX_DIR_ENTRIES * 128 // self.size):
            data = self.sector(number)
            for offset in range(0, len(data) - 127, 128):
                entries.append(_entry(data[offset : offset + 128]))
        return [e for e in entries if e[1] in (1, 2, 5)]

    def read_regular(self, start: int, size: int) -> bytes:
        """A regular stream's bytes (at most MAX_STREAM_BYTES)."""
        size = min(size, MAX_STREAM_BYTES)
        data = b"".join(self.sector(n) for n in self.chain(start, -(-size // self.size)))
        return data[:size]

    def read_small(self, start: int, size: int, root_start: int, root_size: int) -> bytes:
        """A stream below the 4,096-byte cutoff, kept in 64-byte sectors of the root's mini stream."""
        container = self.read_regular(root_start, root_size)
        minifat_bytes = self.read_regular(self.first_minifat, MAX_STREAM_BYTES) if self.first_minifat < _END else b""
        minifat = struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes[: len(minifat_bytes) // 4 * 4])
        out, seen, sector = bytearray(), set(), start
        while sector < _END and sector not in seen and sector < len(minifat) and len(out) < size:
            seen.add(sector)
            out += container[sector * MINI_SECTOR : (sector + 1) * MINI_SECTOR]
            sector = minifat[sector]
        return bytes(out[:size])

    def first_sector(self, start: int, size: int) -> bytes | None:
        """The first sector of a regular stream (None for a small stream kept in the mini stream)."""
        if size < MINI_CUTOFF or start >= _END:
            return None
        return self.sector(start)


def _entry(raw: bytes) -> tuple[str, int, int, int]:
    """Decode one 128-byte directory entry."""
    length = min(struct.unpack_from("<H", raw, 64)[0], 64)
    name = raw[: max(length - 2, 0)].decode("utf-16-le", "replace")
    kind = raw[66]
    start, size = struct.unpack_from("<IQ", raw, 116)
    return name, kind, start, size & 0xFFFFFFFF
