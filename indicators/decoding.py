"""Bytes -> text: which encoding a file is in, and decoding it without losing track of bad bytes.

Detection order (docs/input.md):

1. a byte-order mark: UTF-8 (``utf-8-sig``), UTF-32 and UTF-16 (``utf-32``, ``utf-16``);
2. NUL bytes: UTF-16 or UTF-32 without a BOM when the NULs fall in the columns that
   ASCII characters leave empty; otherwise the caller reports a binary file;
3. strict UTF-8: accepted whenever it decodes (a detector can mistake short
   Chinese UTF-8 for something else, UTF-8 cannot be mistaken);
4. otherwise the candidates UTF-8 (damaged), GB18030, Big5 and UTF-16 are
   scored on a sample by how much of their text is common Chinese; a tie goes
   to charset-normalizer's choice, then to the order above.

The encoding recorded for a document is a codec name that, given back as
``encoding=``, decodes the file to the same text: ``gb18030`` (a superset of GBK
and GB2312), ``big5``/``cp950``, ``utf-16`` with a BOM, ``utf-16-le`` without.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

import regex

SAMPLE_BYTES = 64 * 1024  # detection looks at the start of a file only
REPLACEMENT = "\ufffd"

BOMS = (  # (mark, codec of the bytes after it, name recorded); UTF-32 first: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
BIG5_FAMILY = ("big5", "cp950", "big5hkscs")  # plain Big5 first; cp950/HKSCS add characters
CANDIDATES = ("utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be")  # also the order of ties
DETECTOR_NAMES = {  # charset-normalizer's names -> ours
    "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "hz": "gb18030",
    "big5": "big5", "cp950": "big5", "big5hkscs": "big5",
    "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "utf_8": "utf-8",
}

# The most frequent characters of Chinese prose (simplified and traditional forms)
# and of statistical bulletins: a right decoding is full of them, a wrong one almost never is.
FREQUENT = set(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    "作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只"
    "从想实這個們來為國說時會對於著過發後裡經麼學現當沒動還進種從實開樣點與業區產務機關設數據統計長達"
    "元万亿户村镇县市省增率比较期全累完投资项目企建济社民政府服农工收入总约近超余百千十二三四五六七八九零"
    "两萬億戶縣鎮鄉區較額預算資總濟農臺灣亩吨米公里月日第名位次项元%"
)
PUNCTUATION = regex.compile(r"[\u3000-\u303f\uff01-\uff5e\u2010-\u2027\u00b7]")
WEIRD = regex.compile(r"[\p{Co}\p{Cn}\p{Cs}\x80-\x9f]")  # private use, unassigned, surrogates, C1
FOREIGN = regex.compile(r"[^\x00-\x7f\p{Han}\p{P}\p{S}\p{N}\p{Z}\ufffd]")  # letters of other scripts


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded text and what it took: the codec, and undecodable bytes replaced (if allowed)."""

    text: str
    encoding: str
    replaced: int = 0  # U+FFFD put in for undecodable bytes (errors="replace")
    first_bad: int | None = None  # byte offset of the first undecodable byte


class DecodeFailure(Exception):
    """Undecodable bytes under ``errors="strict"``; the message names the codec and the byte offset."""


def sniff_bom(data: bytes) -> tuple[str, str, int] | None:
    """(codec of the rest, name to record, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            return codec, name, len(bom)
    return None


def sniff_wide(data: bytes) -> str | None:
    """UTF-16/UTF-32 without BOM, told by where the NUL bytes of ASCII characters fall."""
    sample = data[:SAMPLE_BYTES]
    sample = sample[: len(sample) - len(sample) % 4]  # a truncated tail is the decoder's to report
    zeros = [sample[column::4].count(0) for column in range(4)]
    words = len(sample) // 4
    if words:
        if zeros[3] == words and zeros[2] >= words // 2:
            return "utf-32-le"
        if zeros[0] == words and zeros[1] >= words // 2:
            return "utf-32-be"
    even, odd = zeros[0] + zeros[2], zeros[1] + zeros[3]
    if odd >= 0.9 * (even + odd) and odd > 0:
        return "utf-16-le"
    if even >= 0.9 * (even + odd) and even > 0:
        return "utf-16-be"
    return None


def decode(data: bytes, codec: str, errors: str = "strict", *, skip: int = 0, name: str | None = None) -> Decoded:
    """Decode ``data[skip:]`` (after a BOM) with ``codec``, recorded as ``name``.

    Strict errors name the codec and the byte offset in the file; with
    ``errors="replace"`` each undecodable sequence becomes U+FFFD and is counted.
    """
    name = name or codec
    body = data[skip:] if skip else data
    try:
        return Decoded(body.decode(codec), name)
    except UnicodeDecodeError as exc:
        if errors != "replace":
            raise DecodeFailure(describe(exc, data, skip, name)) from None
        first = exc.start + skip
    text = body.decode(codec, errors="replace")
    try:  # a U+FFFD that the file itself holds was not put in by us
        genuine = body.count(REPLACEMENT.encode(codec))
    except UnicodeEncodeError:
        genuine = 0
    return Decoded(text, name, max(text.count(REPLACEMENT) - genuine, 1), first)


def describe(exc: UnicodeDecodeError, data: bytes, skip: int = 0, name: str | None = None) -> str:
    """``cannot decode as gb18030: invalid byte 0xff at byte 1234 (of 5678)``."""
    name = name or exc.encoding.replace("_", "-")
    start, end = exc.start + skip, exc.end + skip
    bad = " ".join(f"0x{b:02x}" for b in data[start:min(end, start + 4)])
    if end >= len(data) and exc.reason in ("unexpected end of data", "truncated data", "incomplete multibyte sequence"):
        what = f"the file ends inside a character ({bad}; truncated?) at byte {start}"
    else:
        what = f"invalid byte{'s' if end - start > 1 else ''} {bad} at byte {start}"
    return f"cannot decode as {name}: {what} (of {len(data)} bytes)"


def detect(data: bytes) -> str:
    """The codec of ``data`` that has no BOM, no NUL bytes and is not strict UTF-8.

    Raises :class:`DecodeFailure` when no candidate gives plausible text.
    """
    scored = []
    for codec in CANDIDATES:
        result = _score(data, codec)
        if result is not None:
            scored.append(result)
    plausible = [s for s in scored if s[1]]
    if not plausible:
        raise DecodeFailure(_undetected(data))
    best = max(s[0] for s in plausible)
    tied = [s[2] for s in plausible if s[0] >= best - 0.05]
    if len(tied) > 1:
        preferred = _detector_choice(data, tied)
        if preferred is not None:
            return _resolve_big5(data, preferred)
    return _resolve_big5(data, tied[0])


def _score(data: bytes, codec: str) -> tuple[float, bool, str] | None:
    """(score, plausible, codec): share of common-Chinese characters less penalties, on a sample."""
    sample = data[:SAMPLE_BYTES]
    decoder = codecs.getincrementaldecoder("cp950" if codec == "big5" else codec)(errors="replace")
    text = decoder.decode(sample, final=False)  # a truncated last character is not held against a codec
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    if wide == 0:
        return None
    bad = text.count(REPLACEMENT)
    weird = len(WEIRD.findall(text))
    foreign = len(FOREIGN.findall(text))
    good = sum(1 for ch in text if ch in FREQUENT) + len(PUNCTUATION.findall(text))
    score = (good - 0.5 * foreign - 2 * weird - 3 * bad) / wide
    plausible = (bad + weird) <= 0.02 * wide and foreign <= 0.3 * wide
    return score, plausible, codec


def _detector_choice(data: bytes, tied: list[str]) -> str | None:
    """charset-normalizer's pick among the tied candidates, or None when it has none."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE_BYTES], cp_isolation=[c.replace("-", "_") for c in tied]).best()
    name = DETECTOR_NAMES.get(best.encoding) if best is not None else None
    return name if name in tied else None


def _resolve_big5(data: bytes, codec: str) -> str:
    """Big5, or the first of its supersets that decodes the whole file."""
    if codec != "big5":
        return codec
    for variant in BIG5_FAMILY:
        try:
            data.decode(variant)
            return variant
        except UnicodeDecodeError:
            continue
    return "cp950"


def _undetected(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = describe(exc, data).removeprefix("cannot decode as utf-8: ")
    return (f"cannot detect the encoding: not UTF-8 ({where}), and no GB18030, Big5 or UTF-16 reading "
            "gives Chinese text; set the encoding (--encoding)")
