"""Scoring predictions against gold rows exactly as MENTIONS.md defines it."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .export import load_jsonl

CONTEXT_FIELDS = ("indicator", "subject", "period", "change")
STRICT_KEYS = ("value", "value_max", "unit", "qualifier")

__all__ = ["load_jsonl", "score", "total", "per_doc_table", "describe_misses", "strict_match", "context_right"]


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    if a == b:
        return True
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b))


def strict_match(pred: dict, gold: dict) -> bool:
    """Same value (relative error < 1e-6), value_max, unit and qualifier."""
    return (_same_number(pred.get("value"), gold.get("value"))
            and _same_number(pred.get("value_max"), gold.get("value_max"))
            and pred.get("unit") == gold.get("unit")
            and pred.get("qualifier") == gold.get("qualifier"))


def context_right(name: str, pred, gold) -> bool:
    """indicator/subject: one contains the other (or both null); period/change: equal."""
    pred = pred if pred not in ("", None) else None
    gold = gold if gold not in ("", None) else None
    if pred is None or gold is None:
        return pred is None and gold is None
    if name in ("indicator", "subject"):
        return pred in gold or gold in pred
    return pred == gold


@dataclass
class Score:
    """Counts behind one score line."""

    gold: int = 0
    predicted: int = 0
    span: int = 0
    strict: int = 0
    context: dict = field(default_factory=lambda: {f: 0 for f in CONTEXT_FIELDS})
    misses: list = field(default_factory=list)  # (kind, gold_or_pred_row, other_or_None)

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.span += other.span
        self.strict += other.strict
        for name in CONTEXT_FIELDS:
            self.context[name] += other.context[name]
        self.misses.extend(other.misses)

    @staticmethod
    def prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = hits / predicted if predicted else 0.0
        r = hits / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def lines(self) -> list[str]:
        out = [f"gold {self.gold}  predicted {self.predicted}  span matches {self.span}  strict matches {self.strict}"]
        for label, hits in (("span", self.span), ("strict", self.strict)):
            p, r, f = self.prf(hits, self.predicted, self.gold)
            out.append(f"{label:<7} P={p:.3f} R={r:.3f} F1={f:.3f}")
        for name in CONTEXT_FIELDS:
            acc = self.context[name] / self.strict if self.strict else 0.0
            out.append(f"{name:<9} {acc:.3f} ({self.context[name]}/{self.strict} strict matches)")
        return out


def score_document(preds: Sequence[dict], golds: Sequence[dict]) -> Score:
    """Match predictions to gold rows of one document and count."""
    score = Score(gold=len(golds), predicted=len(preds))
    used: set[int] = set()
    for gold in sorted(golds, key=lambda g: g["start"]):
        best, best_key = None, None
        for i, pred in enumerate(preds):
            if i in used or pred["end"] <= gold["start"] or pred["start"] >= gold["end"]:
                continue
            overlap = min(pred["end"], gold["end"]) - max(pred["start"], gold["start"])
            key = (strict_match(pred, gold), overlap)
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is None:
            score.misses.append(("missed", gold, None))
            continue
        used.add(best)
        pred = preds[best]
        score.span += 1
        if strict_match(pred, gold):
            score.strict += 1
            for name in CONTEXT_FIELDS:
                if context_right(name, pred.get(name), gold.get(name)):
                    score.context[name] += 1
                else:
                    score.misses.append((name, gold, pred))
        else:
            score.misses.append(("value", gold, pred))
    for i, pred in enumerate(preds):
        if i not in used:
            score.misses.append(("spurious", pred, None))
    return score


def score(preds: Iterable[dict], golds: Iterable[dict], docs: Iterable[str]) -> dict[str, Score]:
    """Per-document scores over ``docs`` (the documents that were extracted)."""
    by_doc: dict[str, tuple[list, list]] = {d: ([], []) for d in docs}
    for pred in preds:
        if pred["doc"] in by_doc:
            by_doc[pred["doc"]][0].append(pred)
    for gold in golds:
        if gold["doc"] in by_doc:
            by_doc[gold["doc"]][1].append(gold)
    return {d: score_document(p, g) for d, (p, g) in by_doc.items()}


def total(scores: dict[str, Score]) -> Score:
    """Sum of per-document scores."""
    out = Score()
    for s in scores.values():
        out.add(s)
    return out


def per_doc_table(scores: dict[str, Score]) -> list[str]:
    """One line per document: counts, span and strict F1, context accuracies."""
    head = f"{'doc':<32} {'gold':>5} {'pred':>5} {'spanF1':>7} {'strictF1':>8} " + " ".join(f"{n[:5]:>6}" for n in CONTEXT_FIELDS)
    lines = [head]
    for doc, s in scores.items():
        _, _, span_f = Score.prf(s.span, s.predicted, s.gold)
        _, _, strict_f = Score.prf(s.strict, s.predicted, s.gold)
        ctx = " ".join(f"{(s.context[n] / s.strict if s.strict else 0):>6.3f}" for n in CONTEXT_FIELDS)
        lines.append(f"{doc:<32} {s.gold:>5} {s.predicted:>5} {span_f:>7.3f} {strict_f:>8.3f} {ctx}")
    return lines


def describe_misses(scores: dict[str, Score], kinds: set[str] | None = None) -> list[str]:
    """Human-readable list of errors, for ``--show-errors``."""
    keys = ("text", "value", "value_max", "unit", "qualifier", "change", "indicator", "subject", "period")
    lines = []
    for doc, s in scores.items():
        for kind, row, other in s.misses:
            if kinds and kind not in kinds:
                continue
            brief = {k: row.get(k) for k in keys}
            line = f"{doc} {kind:<9} @{row['start']} {brief}"
            if other is not None:
                line += f"\n{'':<{len(doc) + 11}}pred {({k: other.get(k) for k in keys})}"
            lines.append(line)
    return lines
