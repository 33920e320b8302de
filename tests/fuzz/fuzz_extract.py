"""Fuzz the reading and extraction of documents (issue 6). Not collected by pytest (no test_ prefix).

    .venv/bin/python tests/fuzz/fuzz_extract.py --minutes 10          # random and mutated inputs
    .venv/bin/python tests/fuzz/fuzz_extract.py --hostile [--big]     # seconds per MB of hostile inputs

Random mode feeds ``decode_bytes``/``read_document`` with mutated bytes of the seed
documents and ``extract`` with random text (digits, Chinese numerals, units,
qualifiers, markup, control characters, lone surrogates). A failure is an
exception, a broken invariant (``text[start:end] == m.text``, ``0 <= start < end <=
len(text)``, values finite and non-negative, ``value_max >= value``) or an input
slower than 5 s per MB (at least 1 s) or one that needs more than --max-memory
(4 GB). Each failing input is written to
``--out`` and the script exits 1. Hostile mode times each input of
:data:`HOSTILE` at growing sizes and exits 1 when one is over 5 s per MB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from indicators.decoding import DecodeFailure
from indicators.documents import DocumentError, decode_bytes, read_document
from indicators.extract import extract
from indicators.limits import TimeLimitExceeded, time_limit

BUDGET = 5.0  # seconds per MB of UTF-8 text (issue 6)
FLOOR = 1.0  # seconds any input may take, however small
LIMIT = 60.0  # an input still running after this long is stopped and reported
PIECES = (
    list("0123456789０１２３４５６７８９.．,，、%％‰-－—~～ \n\t\r")
    + list("零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点")
    + ["万亿", "亿元", "万元", "元", "美元", "个百分点", "百分之", "个", "户", "人", "人次", "亩", "公顷", "吨",
       "倍", "成", "番", "岁", "年", "天", "小时", "第", "位", "名", "居", "约", "近", "超过", "余", "多", "左右",
       "以上", "不足", "增长", "下降", "降至", "同比", "今年", "去年", "2019年", "1—8月", "至", "到", "及",
       "该镇", "全市", "蒋家桥镇", "贫困人口", "收入", "。", "；", "：", "“", "”", "（", "）", "《", "》",
       "<div>", "</div>", "<p>", "<br>", "<table>", "<td>", "</td>", "|", "|---|", "# ", "**", "\n\n",
       "单位：万元", "（亿元）", "\u3000", "\xa0", "\ufeff", "\ufffd", "\x00", "\x07", "\x1b", "\x7f",
       "\ud800", "\udfff", "𠀀", "😀", "é", "ß"]
)
HOSTILE = {  # name -> text of about n characters
    "digits": lambda n: "1" * n,
    "digits_unit": lambda n: "1" * n + "元。",
    "wan": lambda n: "万" * n,
    "wan_unit": lambda n: "万" * n + "元",
    "yi": lambda n: "亿" * n,
    "chinese_digits": lambda n: ("一二三四五六七八九十" * (n // 10 + 1))[:n],
    "chinese_digits_unit": lambda n: ("一二三四五六七八九十" * (n // 10 + 1))[:n] + "元",
    "dots": lambda n: "1." * (n // 2),
    "list": lambda n: "1、" * (n // 2) + "2元",
    "range": lambda n: "1至" * (n // 2) + "2元",
    "percent_signs": lambda n: "%" * n,
    "nested_html": lambda n: "<div>" * (n // 10) + "收入5.68亿元" + "</div>" * (n // 10),
    "open_tags": lambda n: "<" * n,
    "table_rows": lambda n: "|项目|绝对数（亿元）|\n|---|---|\n" + "|收入|617.50|\n" * (n // 13),
    "one_line": lambda n: ("全镇累计转移农村劳动力就业1.9万余人，劳务总收入5.68亿元，" * (n // 30 + 1))[:n],
    "paragraphs": lambda n: ("全镇累计转移农村劳动力就业1.9万余人。\n\n" * (n // 22 + 1))[:n],
    "seed_text": lambda n: (_seed_texts()[1] * (n // len(_seed_texts()[1]) + 1))[:n],
    "newlines": lambda n: "\n" * n,
    "cjk_run": lambda n: ("天三陆" * (n // 3 + 1))[:n],  # figures in one unpunctuated run of Han characters
    "controls": lambda n: "".join(chr(i % 32) for i in range(n)),
}


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def megabytes(text: str) -> float:
    return len(text.encode("utf-8", "surrogatepass")) / 1e6


def check(text: str, limit: float | None = None) -> tuple[float, str | None]:
    """(seconds, problem or None) of extracting ``text``; stopped after ``limit`` seconds
    (default: four times the budget of its size, at least 5 s)."""
    limit = limit or max(5.0, 4 * BUDGET * megabytes(text))
    began = time.perf_counter()
    try:
        with time_limit(limit):
            found = extract(text)
    except TimeLimitExceeded:
        return limit, f"slow: no result after {limit:g} s for {megabytes(text):.3f} MB"
    except MemoryError:
        return time.perf_counter() - began, f"memory: over --max-memory for {megabytes(text):.3f} MB"
    except Exception:  # noqa: BLE001 - a failure to report
        return time.perf_counter() - began, "extract raised:\n" + traceback.format_exc()
    seconds = time.perf_counter() - began
    for m in found:
        if not (0 <= m.start < m.end <= len(text)) or text[m.start:m.end] != m.text:
            return seconds, f"bad span {m.start}:{m.end} {m.text!r}"
        for value in (m.value, m.value_max):
            if value is not None and (not isinstance(value, Decimal) or not value.is_finite() or value < 0):
                return seconds, f"bad value {value!r} of {m.text!r}"
        if m.value_max is not None and m.value_max < m.value:
            return seconds, f"value_max {m.value_max} < value {m.value} of {m.text!r}"
    if seconds > max(FLOOR, BUDGET * megabytes(text)):
        return seconds, f"slow: {seconds:.2f} s for {megabytes(text):.3f} MB"
    return seconds, None


def random_text(rng: random.Random) -> str:
    size = int(10 ** rng.uniform(0, 4.5))
    if rng.random() < 0.2:  # a repeated token: the shape of hostile input
        token = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))
        return token * max(1, size // max(1, len(token)))
    parts = []
    while sum(map(len, parts)) < size:
        roll = rng.random()
        if roll < 0.7:
            parts.append(rng.choice(PIECES))
        elif roll < 0.9:
            parts.append(chr(rng.randint(0x4E00, 0x9FFF)))
        else:
            parts.append(chr(rng.randint(0, 0x10FFFF)))
    return "".join(parts)


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            out += rng.randbytes(rng.randint(1, 16))
            continue
        at = rng.randrange(len(out))
        roll = rng.random()
        if roll < 0.3:
            out[at] = rng.randrange(256)
        elif roll < 0.5:
            out[at:at] = rng.randbytes(rng.randint(1, 8))
        elif roll < 0.7:
            del out[at:at + rng.randint(1, 64)]
        elif roll < 0.85:
            out[at:at] = out[max(0, at - 200):at] * rng.randint(1, 50)
        else:
            del out[at:]  # a truncated download
    return bytes(out)


def random_bytes(rng: random.Random, seeds: list[str]) -> bytes:
    text = rng.choice(seeds)
    start = rng.randrange(len(text))
    text = text[start:start + int(10 ** rng.uniform(0, 4.3))]
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                           "big5"])
    data = text.encode(encoding, errors="replace" if encoding != "big5" else "ignore")
    return mutate(data, rng) if rng.random() < 0.7 else data


def fuzz(minutes: float, seed: int, out: Path) -> int:
    rng = random.Random(seed)
    seeds = _seed_texts()
    extract("预热：收入5.68亿元。")  # build the lexicon and patterns before timing
    deadline = time.monotonic() + 60 * minutes
    tried = mb = 0
    worst = (0.0, 0.0, "")  # seconds per MB, MB, kind (inputs of at least 10 KB)
    failures = {"crash": 0, "invariant": 0, "slow": 0, "memory": 0}
    kinds = {"text": 0, "bytes": 0, "file": 0, "refused": 0}
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    while time.monotonic() < deadline:
        kind = rng.choice(["text", "bytes", "file"])
        payload: bytes | str
        try:
            if kind == "text":
                payload = text = random_text(rng)
            else:
                payload = random_bytes(rng, seeds)
                if kind == "file":
                    path = folder / "doc.txt"
                    path.write_bytes(payload)
                    text = read_document(path, errors=rng.choice(["strict", "replace"])).text
                else:
                    text = decode_bytes(payload, errors=rng.choice(["strict", "replace"]))[0]
        except (DocumentError, DecodeFailure):  # a clear refusal is a right answer to bad bytes
            tried += 1
            kinds["refused"] += 1
            continue
        except Exception:  # noqa: BLE001
            failures["crash"] += report(out, tried, kind, payload, "read raised:\n" + traceback.format_exc())
            tried += 1
            continue
        seconds, problem = check(text)
        tried += 1
        kinds[kind] += 1
        size = megabytes(text)
        mb += size
        if size >= 0.01 and seconds / size > worst[0]:
            worst = (seconds / size, size, kind)
        if problem:
            kind_of = problem.split(":")[0] if problem.startswith(("slow", "memory")) else (
                "crash" if "raised" in problem else "invariant")
            failures[kind_of] += report(out, tried, kind, payload, problem)
    print(f"fuzz: {minutes:g} min, seed {seed}: {tried} inputs ({', '.join(f'{v} {k}' for k, v in kinds.items())}), "
          f"{mb:.1f} MB of text, worst {worst[0]:.2f} s/MB ({worst[1] * 1000:.0f} KB {worst[2]}); failures: "
          + ", ".join(f"{v} {k}" for k, v in failures.items()))
    return 1 if sum(failures.values()) else 0


def report(out: Path, number: int, kind: str, payload: bytes | str, problem: str) -> int:
    out.mkdir(parents=True, exist_ok=True)
    data = payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")
    stem = out / f"failure-{os.getpid()}-{number}"
    stem.with_suffix(".bin").write_bytes(data)
    stem.with_suffix(".json").write_text(json.dumps({"kind": kind, "problem": problem}, ensure_ascii=False, indent=1))
    print(f"fuzz: FAILURE {kind} input #{number} -> {stem}.bin: {problem.splitlines()[0]}", file=sys.stderr)
    return 1


def hostile(big: bool, only: list[str] | None = None) -> int:
    extract("预热：收入5.68亿元。")
    sizes = [10_000, 100_000, 1_000_000] + ([50_000_000 // 3] if big else [])
    over = 0
    for name, make in HOSTILE.items():
        if only and name not in only:
            continue
        cells = []
        for n in sizes:
            text = make(n)
            seconds, problem = check(text, max(LIMIT, 2 * BUDGET * megabytes(text)))
            rate = seconds / max(megabytes(text), 1e-9)
            cells.append(f"{megabytes(text):7.2f} MB {seconds:7.2f} s {rate:7.2f} s/MB")
            if problem:
                over += 1
                cells[-1] += " !"
                break  # a bigger input only takes longer
        print(f"{name:20} " + " | ".join(cells), flush=True)
    print(f"hostile: {over} inputs over {BUDGET:g} s/MB (or failing)")
    return 1 if over else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to fuzz (default 10)")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="random seed (default: the time)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="folder for failing inputs")
    parser.add_argument("--hostile", action="store_true", help="time the hostile inputs instead of fuzzing")
    parser.add_argument("--big", action="store_true", help="with --hostile: also a 50 MB input of each kind")
    parser.add_argument("--only", nargs="+", metavar="KIND", help=f"with --hostile: only these ({', '.join(HOSTILE)})")
    parser.add_argument("--max-memory", type=float, default=4.0, metavar="GB",
                        help="address space of this process (default 4 GB): a blow-up is a failure, not the OOM killer")
    args = parser.parse_args()
    try:
        import resource

        limit = int(args.max_memory * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (ImportError, ValueError, OSError):
        pass
    return hostile(args.big, args.only) if args.hostile else fuzz(args.minutes, args.seed, args.out)


if __name__ == "__main__":
    sys.exit(main())
