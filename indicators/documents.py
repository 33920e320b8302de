"""Reading input files into decoded Documents, with clear errors naming the file.

Nothing here raises anything but :class:`DocumentError` on a bad file (missing,
a directory, a FIFO, unreadable, too large, binary, undecodable), so a corpus
run can record the problem in its manifest and go on.  Offsets of mentions are
offsets into the decoded text (Python ``str`` indices, BOM excluded, line ends
kept as written).  See docs/input.md.
"""
from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import regex

from .decoding import BinaryData, DecodeFailure, UndetectedEncoding, decode, detect, sniff_bom
from .types import Document

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_TIMEOUT = 5.0  # seconds per MB of text to extract one document: no input takes longer (issue 6)
SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
ERRORS = ("strict", "replace")
BINARY_SHARE = 0.05  # control characters in the first BINARY_SAMPLE characters that make a file binary
BINARY_SAMPLE = 64 * 1024
CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls but \t \n \v \f \r
SURROGATE = regex.compile(r"[\ud800-\udfff]")  # only lone ones exist in a str
SIGNATURES = (  # leading bytes of common binary formats that end up among text files
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed file"),
    (b"\xfd7zXZ\x00", "xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office file (.doc/.xls)"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)


class DocumentError(Exception):
    """A document that cannot be read; the message names the file and the problem."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How a run treats each document: a fixed ``encoding`` (None: detect), ``errors``, a size limit,
    and ``timeout``, the seconds per MB of text that extracting one document may take (None: no limit)."""

    encoding: str | None = None
    errors: str = "strict"
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        check_options(self.encoding, self.errors, self.max_bytes)
        if self.timeout is not None and not self.timeout >= 0:
            raise ValueError(f"timeout must be a number of seconds (0: no limit), not {self.timeout!r}")


@dataclass(frozen=True, slots=True)
class DecodedDocument(Document):
    """A Document with what reading it had to do (``notes``, for the manifest): replaced bytes, empty file."""

    notes: str | None = None


def check_options(encoding: str | None, errors: str, max_bytes: int) -> None:
    """Raise ValueError on a misuse: an unknown codec, an errors mode other than strict/replace, a bad limit."""
    if encoding is not None:
        try:
            b"a".decode(encoding, "ignore")  # also refuses codecs that are not text encodings (hex, rot13)
        except LookupError:
            raise ValueError(f"unknown text encoding {encoding!r}") from None
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {', '.join(ERRORS)}, not {errors!r}")
    if not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"max_bytes must be a positive number of bytes, not {max_bytes!r}")


def parse_size(text: str) -> int:
    """Bytes named by ``10M``, ``512K``, ``1G`` or a plain number (binary units); ValueError otherwise."""
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = value[-1:] if value[-1:] in SIZE_UNITS else ""
    try:
        size = int(float(value[: len(value) - len(unit)]) * SIZE_UNITS[unit])
    except (ValueError, OverflowError):
        raise ValueError(f"not a size: {text!r} (use bytes, or 512K, 10M, 1G)") from None
    if size < 1:
        raise ValueError(f"size must be at least one byte, not {text!r}")
    return size


def read_document(
    path: str | Path,
    *,
    doc_id: str | None = None,
    encoding: str | None = None,
    errors: str = "strict",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> DecodedDocument:
    """Read and decode one file: ``encoding`` None detects it (docs/input.md).

    ``errors="replace"`` puts U+FFFD for undecodable bytes and says how many in
    ``notes``; ``"strict"`` raises. Raises :class:`DocumentError` for any bad
    file, ValueError for bad arguments.
    """
    check_options(encoding, errors, max_bytes)
    name = str(path)
    data = read_bytes(name, max_bytes)
    try:
        text, used, notes = decode_bytes(data, encoding=encoding, errors=errors)
    except DecodeFailure as exc:
        raise DocumentError(name, str(exc)) from None
    return DecodedDocument(id=doc_id or Path(name).name, text=text, encoding=used, path=name,
                           notes="; ".join(notes) or None)


def text_document(doc_id: str, text: str, *, path: str | None = None, year: int | None = None) -> DecodedDocument:
    """A document whose text is already in memory (a table cell): lone surrogates become U+FFFD.

    A ``str`` from JSON can hold lone surrogates (``"\\ud800"``), which no UTF-8
    output can write; the replacement keeps the length, so offsets stay valid.
    """
    clean, count = SURROGATE.subn("\ufffd", text)
    notes = f"replaced {count} lone surrogate{'s' if count > 1 else ''} with U+FFFD" if count else None
    return DecodedDocument(id=doc_id, text=clean, path=path, year=year, notes=notes)


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; DocumentError otherwise.

    A FIFO, socket or device is refused before it is opened (reading a FIFO
    would wait for a writer forever).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DocumentError(path, "broken symbolic link" if os.path.islink(path) else "no such file") from None
    except OSError as exc:
        raise DocumentError(path, _reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(path, f"not a regular file ({_kind(info.st_mode)})")
    if info.st_size > max_bytes:
        raise DocumentError(path, _too_large(info.st_size, max_bytes))
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # a file that grows while read still stops at the limit
    except OSError as exc:
        raise DocumentError(path, _reason(exc)) from None
    if len(data) > max_bytes:
        raise DocumentError(path, _too_large(len(data), max_bytes))
    return data


def decode_bytes(data: bytes, *, encoding: str | None = None, errors: str = "strict") -> tuple[str, str, list[str]]:
    """(text, encoding used, notes) of a file's bytes; DecodeFailure when binary or undecodable."""
    signature = next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)
    if signature:
        raise BinaryData(f"binary file ({signature}), not text")
    notes = []
    if not data:
        return "", codecs.lookup(encoding).name if encoding else "utf-8", ["empty file"]
    if encoding is not None:
        decoded = decode(data, encoding, errors, name=codecs.lookup(encoding).name)
    elif (bom := sniff_bom(data)) is not None:
        codec, name, skip = bom
        decoded = decode(data, codec, errors, skip=skip, name=name)
    else:
        try:
            decoded = decode(data, detect(data), errors)
        except UndetectedEncoding:
            if errors != "replace":
                raise
            decoded = decode(data, "utf-8", errors)  # go on, as asked: what is not UTF-8 becomes U+FFFD
            notes.append("encoding not detected (not UTF-8, GB18030, Big5 or UTF-16): read as UTF-8")
    if decoded.replaced:
        notes.append(f"replaced {decoded.replaced} undecodable byte sequence{'s' if decoded.replaced > 1 else ''} "
                     f"with U+FFFD (first at byte {decoded.first_bad})")
    text = decoded.text
    sample = text[:BINARY_SAMPLE]
    controls = len(CONTROL.findall(sample))
    if controls > BINARY_SHARE * len(sample):
        raise BinaryData(f"binary file ({controls} control characters in the first {len(sample)} "
                         f"as {decoded.encoding}), not text")
    clean, lone = SURROGATE.subn("\ufffd", text)  # some codecs (utf-7, utf-16 with replace) can yield them
    if lone:
        notes.append(f"replaced {lone} lone surrogates with U+FFFD")
    return clean, decoded.encoding, notes


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size} bytes, over the limit of {limit} bytes (--max-bytes)"


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    return (exc.strerror or str(exc)).lower()


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"
