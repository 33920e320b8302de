"""Length-preserving clean-up of a working copy of the text.

Every mapping here is one character to one character, so offsets into the
normalised copy are offsets into the original.  Rewrites that change length
(cn2an.transform, entity decoding) never run on documents.
"""
from __future__ import annotations

import re

# Full-width ASCII (U+FF01..U+FF5E) -> ASCII, except the full-width punctuation that
# Chinese prose uses as its own punctuation (，：；！？（）) which keeps its meaning.
_KEEP = set("，：；！？（）")
_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP}
_TABLE.update({
    0x3000: 0x20,  # ideographic space
    0x00A0: 0x20,  # no-break space
    0x2212: ord("-"),  # minus sign
    0xFE6A: ord("%"),  # small percent sign
    0x2030: 0x2030,  # per mille stays
})
TABLE = str.maketrans(_TABLE)
# str.translate looks every character of non-ASCII text up in TABLE (about 60 ns a
# character, most of it a failed lookup), yet a document holds few characters that
# change.  So find those at regex speed and replace each distinct one in one pass.
_REPLACE = {chr(cp): chr(to) for cp, to in _TABLE.items() if cp != to}
_CHANGED = re.compile("[" + "".join(map(re.escape, sorted(_REPLACE))) + "]")


def normalize(text: str) -> str:
    """Full-width digits, letters, ``．％－～`` to ASCII; odd spaces to plain spaces.

    >>> normalize("１２．５％") == "12.5%"
    True
    """
    for char in set(_CHANGED.findall(text)):
        text = text.replace(char, _REPLACE[char])
    return text
