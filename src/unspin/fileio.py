"""Reading and writing article files without losing a byte.

Decoding remembers the encoding and BOM so a repaired file is written back the
same way; newlines are never translated. Writes go to a temporary file in the
same folder and are renamed over the original, so a reader (or a crash) sees
either the old file or the new one, never half of each.
"""
from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class InputError(Exception):
    """A file that cannot be processed; the message is one line naming it."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec used for the body
    bom: bytes


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
        bom = b""
        if encoding.lower().replace("_", "-") in ("utf-8", "utf8") and data.startswith(codecs.BOM_UTF8):
            bom, data = codecs.BOM_UTF8, data[len(codecs.BOM_UTF8):]
        try:
            return Decoded(data.decode(encoding), encoding, bom)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: cannot decode as {encoding} (byte {exc.start})") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, bom)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {codec} after its byte-order mark (byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), skipped")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); "
                         f"pass --encoding, e.g. --encoding latin-1") from None


def encode(decoded: Decoded, text: str) -> bytes:
    return decoded.bom + text.encode(decoded.encoding)


def read_file(path: str | Path, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              allow_empty: bool = False) -> Decoded:
    name = str(path)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}: is a directory")
    if st.st_size > max_bytes:
        raise InputError(f"{name}: file is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit (--max-size)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    if not data and not allow_empty:
        raise InputError(f"{name}: empty file")
    return decode(data, name, encoding)


def write_atomic(path: str | Path, data: bytes, expect_unchanged: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permissions.

    With ``expect_unchanged`` (the bytes read earlier), a file that changed on disk
    in the meantime is left alone and an error raised.
    """
    p = Path(path)
    try:
        mode = stat.S_IMODE(p.stat().st_mode)
    except FileNotFoundError:
        mode = None
    if expect_unchanged is not None and p.read_bytes() != expect_unchanged:
        raise InputError(f"{p}: changed on disk while being processed; not overwritten")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".unspin-tmp", dir=str(p.parent) or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
