"""Texts for the benchmarks: the seed and dev documents, and generated corpora built from them.

The generated documents are the seed/dev texts with every run of ASCII digits
replaced by random digits of the same length (a fixed random seed, so every run
builds the same corpus); Chinese numerals and the layout stay as written.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "_data"
SAMPLE_DIRS = (ROOT / "seeds", ROOT.parent / "shared" / "dev")
SAMPLE_SUFFIXES = (".txt", ".html")
DIGITS = re.compile(r"[0-9]+")


def sample_texts() -> list[tuple[str, str]]:
    """(name, text) of the seed and dev documents."""
    found = []
    for folder in SAMPLE_DIRS:
        if folder.is_dir():
            found += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())
                      if p.suffix in SAMPLE_SUFFIXES]
    if not found:
        raise SystemExit(f"no sample texts in {', '.join(map(str, SAMPLE_DIRS))}")
    return found


def repeated_text(min_chars: int) -> str:
    """The sample texts, joined and repeated to at least ``min_chars`` characters."""
    block = "\n\n".join(text for _, text in sample_texts())
    return "\n\n".join([block] * (min_chars // len(block) + 1))


def varied(text: str, rng: random.Random) -> str:
    """``text`` with each digit run replaced by random digits of the same length."""
    def swap(match: re.Match) -> str:
        digits = match.group()
        first = rng.choice("123456789") if len(digits) > 1 else rng.choice("0123456789")
        return first + "".join(rng.choices("0123456789", k=len(digits) - 1))
    return DIGITS.sub(swap, text)


def generate_corpus(folder: Path, megabytes: float, *, docs_per_folder: int = 500, seed: int = 5) -> Path:
    """Write a folder tree of at least ``megabytes`` MB of UTF-8 text (reused when already complete)."""
    done = folder / ".complete"
    if done.exists() and done.read_text() == f"{megabytes} {docs_per_folder} {seed}":
        return folder
    rng = random.Random(seed)
    texts = [text for _, text in sample_texts()]
    target = int(megabytes * 1024 * 1024)
    written = number = 0
    while written < target:
        text = varied("\n\n".join(rng.sample(texts, k=min(3, len(texts)))), rng)
        path = folder / f"{number // docs_per_folder:04d}" / f"doc_{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)
        number += 1
    done.write_text(f"{megabytes} {docs_per_folder} {seed}")
    return folder
