"""Numeral text (Arabic, full-width, Chinese or mixed, with multipliers) -> exact Decimal.

Reading rules (each has rows in tests/cases/numerals.csv):

- Arabic digits may carry thousands separators grouped by three and a decimal point;
  full-width forms are read the same.  A leading sign is accepted and dropped.
- Chinese numerals are read in sections of 千百十 closed by 万 or 亿; a count of 亿 may
  itself contain 万 (一万一千四百亿, 1.2万亿), and 零 must stand for a skipped place.
- A digit never follows a complete number (十四五, 一百二三 -> None), except that a lone
  digit right after 百/千/万/亿 names the next place down (两千五 = 2500, 3万4 = 34000).
- Digits without any place word are read one by one (二〇二〇 = 2020).
- %/‰/倍/成/番 and 百分之/千分之 leave the value as written; other X分之Y is a fraction.

The only module allowed to import cn2an.  It does not call it: cn2an 0.5.24 works
in floats (``cn2an.cn2an("一点七")`` is the float 1.7), rejects ``1.15万亿``,
``1,100万`` and ``六十二点八万`` in every mode, rejects ``十万零一千`` in strict
mode (cn2an#78), drops the 十万 of ``一亿十万``, reads ``13千3`` as 3310 and
``3万4000`` only in "smart" mode.  The grammar below is exact and faster;
``tests/test_numerals.py`` uses ``cn2an.an2cn`` as an independent writer instead.

>>> parse_number("5.68亿") == Decimal("568000000")
True
>>> parse_number("一千零八十六"), parse_number("十四五")
(Decimal('1086'), None)
>>> parse_order("上千万")
Decimal('10000000')
"""
from __future__ import annotations

import functools
import re
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext

__all__ = ["parse_number", "parse_order"]

# Full-width digits, point, comma and minus (common in government PDFs) -> ASCII.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
SIGNS = "-−+"                       # a sign is the caller's business: value stays unsigned
# Percent and ratio words: the value is "as written" (21.1% -> 21.1, 三成 -> 3, 一番 -> 1).
SUFFIXES = ("%", "‰", "％", "倍", "成", "番")
# 百分之 / 千分之 name the units % and ‰, so their value is as written (MENTIONS.md);
# any other 分之 is a true fraction (三分之一 -> 1/3).
PERCENT_PREFIXES = ("百分之", "千分之")
FRACTION_WORD = "分之"
# 1/3 is rounded to 28 significant digits, the decimal module's default precision,
# so parse_number("三分之一") == Decimal(1) / Decimal(3) under the default context.
FRACTION_CONTEXT = Context(prec=28, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
# Sums and products of exact inputs: wide enough that no real figure is ever rounded, and
# with no traps, so absurd input (a million digits) gives NaN/inf -> None instead of raising.
EXACT_CONTEXT = Context(prec=80, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])

PLAIN_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# Thousands separators must group by three (1,100万); "1,10" is not a number.
ARABIC_TOKEN = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9,
}
LIANG = ("两", "兩")                 # 2, but only before 百/千/万/亿 (十两 is ten taels)
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
POINTS = ("点", "點")
# 3299余万 / 3000多万: an "inside" qualifier between the number and its multiplier; the
# qualifier is the locator's business, the value is the round figure.  个 only in 3个亿.
INSIDE_QUALIFIERS = ("余", "多")
MEASURE_BEFORE_YI = "个"
# 廿/卅/卌 (20/30/40) survive in dates and older reports; each reads as digit + 十.
TENS = {"廿": 2, "卅": 3, "卌": 4}

# parse_order: "about a power of ten" phrases (MENTIONS.md qualifier `order`).
ORDER_PREFIXED = re.compile(r"(?:好几|上|数|几|成)(?P<magnitude>[十百千万亿]+)")
ORDER_TEENS = re.compile(r"十几(?P<magnitude>[万亿]*)")       # 十几 = 11..19, 十几万
ORDER_COUNTED = re.compile(r"数以(?P<magnitude>[十百千万亿]+)计")
ORDER_IDIOMS = {"成千上万": 1000, "成百上千": 100, "成千成万": 1000}   # the lower power named


def parse_number(text: str) -> Decimal | None:
    """Exact value of a numeral such as ``3299万`` or ``一千零八十六``, or None when it is not one.

    A leading sign (``-``, ``−``, ``+``) is accepted and dropped: the value is unsigned.
    ``%``/``‰``/``倍``/``成``/``番`` and ``百分之``/``千分之`` give the value as written;
    ``三分之一`` is Decimal(1)/Decimal(3) to 28 significant digits.  余/多 before a
    multiplier or at the end are skipped (``3299余万`` -> 32990000): the locator
    records them as the qualifier.

    >>> parse_number("1,100万"), parse_number("百分之二十一点一"), parse_number("统一")
    (Decimal('11000000'), Decimal('21.1'), None)
    """
    if not isinstance(text, str):
        return None
    if text.isdigit() and text.isascii():      # fastest path: a plain integer, without a regex
        return Decimal(text)
    # Fast path, still without a regex: most other mentions are a plain Arabic decimal (12.5).
    whole, point, fraction = text.partition(".")
    if point and whole.isdigit() and fraction.isdigit() and text.isascii():
        return _tidy(Decimal(text)) if fraction[-1] == "0" else Decimal(text)
    return _parse_cached(text)


def parse_order(text: str) -> Decimal | None:
    """Power of ten named by an order-of-magnitude phrase (上千万 -> 10000000, 数十 -> 10), or None.

    >>> parse_order("数百万"), parse_order("十几"), parse_order("上海")
    (Decimal('1000000'), Decimal('10'), None)
    """
    return _order_cached(text) if isinstance(text, str) else None


@functools.lru_cache(maxsize=65536)
def _parse_cached(text: str) -> Decimal | None:
    text = text.strip().translate(FULL_WIDTH)
    if text[:1] in SIGNS:
        text = text[1:]
    if text.startswith(PERCENT_PREFIXES):
        body = text[len(PERCENT_PREFIXES[0]):]
        return Decimal(100) if body == "百" else _tidy(_parse_plain(body))   # 百分之百
    if text.endswith(SUFFIXES):
        text = text[:-1]
    if FRACTION_WORD in text:
        denominator, _, numerator = text.partition(FRACTION_WORD)
        # 万分之三: a bare place word is a denominator here, though alone it is no numeral.
        place = BIG_UNITS.get(denominator) or SMALL_UNITS.get(denominator)
        low, high = _parse_plain(numerator), Decimal(place) if place else _parse_plain(denominator)
        if low is None or not high:
            return None
        return _tidy(FRACTION_CONTEXT.divide(low, high))
    return _tidy(_parse_plain(text))


def _tidy(value: Decimal | None) -> Decimal | None:
    """Integral values without exponent or trailing zeros (19000, not 1.9E+4 or 19000.0)."""
    if value is None or not value.is_finite():
        return None
    if value.as_tuple().exponent == 0:
        return value
    if value == value.to_integral_value(context=EXACT_CONTEXT):
        tidy = value.quantize(1, context=EXACT_CONTEXT)
    else:
        tidy = value.normalize(EXACT_CONTEXT)
    return tidy if tidy.is_finite() else value      # over 80 digits: keep as read


def _parse_plain(text: str) -> Decimal | None:
    """A numeral without sign, percent or fraction words."""
    if not text:
        return None
    if PLAIN_ARABIC.fullmatch(text):
        return Decimal(text)
    tokens = _tokens(text)
    if tokens is None:
        return None
    if all(kind == "digit" or kind == "point" for kind, _ in tokens):
        return _read_digit_string(tokens)
    with localcontext(EXACT_CONTEXT):
        return _read_positional(tokens)


def _tokens(text: str) -> list[tuple[str, object]] | None:
    """Split into (kind, value) tokens: arabic, digit, liang, zero, small, big, point."""
    tokens: list[tuple[str, object]] = []
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if "0" <= char <= "9":
            match = ARABIC_TOKEN.match(text, position)
            tokens.append(("arabic", Decimal(match.group().replace(",", ""))))
            position = match.end()
            continue
        if char in DIGITS:
            tokens.append(("digit", DIGITS[char]))
        elif char in LIANG:
            tokens.append(("liang", 2))
        elif char in SMALL_UNITS:
            tokens.append(("small", SMALL_UNITS[char]))
        elif char in BIG_UNITS:
            tokens.append(("big", BIG_UNITS[char]))
        elif char in POINTS:
            tokens.append(("point", None))
        elif char in TENS:
            tokens += [("digit", TENS[char]), ("small", 10)]
        elif char in INSIDE_QUALIFIERS and position and (
                position + 1 == end or text[position + 1] in BIG_UNITS):
            pass                                 # 3299余万 -> 3299万, 十多 -> 10
        elif char == MEASURE_BEFORE_YI and position and text[position + 1:position + 2] == "亿":
            pass                                 # 3个亿 -> 3亿 (colloquial)
        else:
            return None
        position += 1
    return tokens


def _read_digit_string(tokens: list[tuple[str, object]]) -> Decimal | None:
    """二〇二〇 -> 2020, 一二点五 -> 12.5: digits read one by one, as years and codes are written."""
    digits = "".join("." if kind == "point" else str(value) for kind, value in tokens)
    if digits.count(".") > 1 or digits.startswith(".") or digits.endswith("."):
        return None
    return Decimal(digits)


def _counts_liang(following: list[tuple[str, object]]) -> bool:
    """两 is the counting 2 only before 百/千/万/亿; 二 is used before 十 and in digit strings."""
    return bool(following) and following[0][0] in ("small", "big") and following[0][1] != 10


def _is_place_zero(tokens: list[tuple[str, object]], index: int, previous_unit: int) -> bool:
    """零 stands for skipped places: after 百/千/万/亿 and before more figures (一千零十),
    or as the integer of a decimal (零点六)."""
    following = tokens[index + 1] if index + 1 < len(tokens) else ("end", None)
    if index == 0:
        return following[0] == "point"
    return previous_unit >= 100 and (
        following[0] in ("digit", "liang", "arabic") and following[1] != 0
        or following == ("small", 10))


def _read_positional(tokens: list[tuple[str, object]]) -> Decimal | None:
    """Sections of 千百十 closed by 万/亿: 一万一千四百亿, 十万零一千, 3万4000, 六十二点八万.

    One pass; `section` holds the figure below the next 万/亿, `total` what is closed."""
    total = section = Decimal(0)
    current: Decimal | None = None    # a digit or Arabic number waiting for its unit
    largest_big = 0                   # biggest 万/亿 multiplier applied so far
    last_small = 10**4                # 千百十 must fall within a section
    previous_unit = 0                 # unit just before `current`, for 两千五 = 2500
    current_is_digit = False          # a bare digit after 百千万亿 may be elliptic (两千五)
    current_is_arabic = False
    current_is_decimal = False        # 1.5 / 一点五: only multipliers may follow it
    seen_number = False
    index, count = 0, len(tokens)
    while index < count:
        kind, value = tokens[index]
        if kind in ("digit", "liang", "arabic"):
            if current is not None:
                return None            # 十四五: a digit cannot follow a complete number
            if current_is_decimal:
                return None            # 1.5万3000: nothing is added after a decimal figure
            if kind == "digit" and value == 0:
                if not _is_place_zero(tokens, index, previous_unit):
                    return None        # 十零三, 零一万, 三万零: 零 must stand for a skipped place
                previous_unit = 0      # 一千零八十六, 十万零一千
                index += 1
                continue
            seen_number = True
            if kind == "liang" and count > 1 and not _counts_liang(tokens[index + 1:index + 2]):
                return None            # 十两 / 两十 / 两点: 两 only counts 百千万亿
            single = kind != "arabic" or (value < 10 and value == value.to_integral_value())
            if kind == "arabic" and last_small < 10**4 and previous_unit and not single:
                return None            # 1千23: Arabic right after 十百千 needs 零 (1千零20)
            current, current_is_digit = Decimal(value), single and previous_unit >= 100
            current_is_arabic = kind == "arabic"
            current_is_decimal = not single and value != value.to_integral_value()
        elif kind == "point":
            index += 1
            fraction = ""
            while index < count and tokens[index][0] == "digit":
                fraction += str(tokens[index][1])
                index += 1
            if not fraction or not seen_number or current_is_arabic or current_is_digit:
                return None            # 点六 lacks its integer; 3点5 mixes scripts; 一百二点五 is vague
            current = section + (current or 0) + Decimal("0." + fraction)
            current_is_decimal = True
            section, previous_unit, last_small = Decimal(0), 0, 10**4
            current_is_digit = current_is_arabic = False
            continue
        elif kind == "small":
            if value >= last_small or (current is None and value != 10):
                return None            # 一百千; bare 百/千 (百万 is an order, not a numeral)
            if current_is_decimal and (value == 10 or not current_is_arabic):
                return None            # 2.5千万 is written; 1.5十 and 一点五千 are not
            section += (current if current is not None else 1) * value
            current, last_small, previous_unit = None, value, value
            current_is_digit = current_is_arabic = False
            seen_number = True
        else:                          # big: 万 or 亿
            pending = section + (current or 0)
            if value > largest_big and (pending or total):
                total = (total + pending) * value   # 1.2万亿, 一万一千四百亿
                largest_big = value
            elif value < largest_big and pending:
                total += pending * value                                  # 三亿五千万
            elif value == previous_unit == largest_big == 10**4 and not pending:
                total, largest_big = total * value, 10**8                 # 四万万 (old 亿)
            else:
                return None            # bare 万, 亿万, 三千万五百万
            section, current, last_small, previous_unit = Decimal(0), None, 10**4, value
            current_is_digit = current_is_arabic = False
        index += 1
    if not seen_number:
        return None
    if current is not None:
        if current_is_digit:
            current *= previous_unit // 10     # 一百二 = 120, 两千五 = 2500, 三万四 = 34000
        section += current
    return total + section


@functools.lru_cache(maxsize=1024)
def _order_cached(text: str) -> Decimal | None:
    text = text.strip()
    if text in ORDER_IDIOMS:
        return Decimal(ORDER_IDIOMS[text])
    for pattern in (ORDER_PREFIXED, ORDER_TEENS, ORDER_COUNTED):
        match = pattern.fullmatch(text)
        if match:
            power = _magnitude(match.group("magnitude"))
            if pattern is ORDER_TEENS and not match.group("magnitude"):
                return Decimal(10)     # 十几 alone: about ten
            if pattern is ORDER_TEENS and power:
                return Decimal(10 * power)   # 十几万: about 10 * 万
            if power is None or (text.startswith("上") and power < 100):
                return None            # 上十 is not said; 上百 is
            return Decimal(power)
    return None


def _magnitude(units: str) -> int | None:
    """十/百/千 optionally followed by 万, 亿 or 万亿: 千万 -> 10**7, 万亿 -> 10**12, 亿万 -> None."""
    if not units:
        return None
    power = SMALL_UNITS.get(units[0], 1)
    rest = units[1:] if units[0] in SMALL_UNITS else units
    if rest not in ("", "万", "亿", "万亿"):
        return None
    for char in rest:
        power *= BIG_UNITS[char]
    return power
