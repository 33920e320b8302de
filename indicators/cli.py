"""Command line: a thin layer over the library.  Exit codes: 0 all documents ok,
1 some documents failed (see the manifest), 2 the call was wrong."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The call was wrong: exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="indicators",
        description="Quantity mentions (value, unit, indicator, subject, period) from Chinese text.",
    )
    parser.add_argument("--version", action="version", version=f"indicators {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ext = sub.add_parser("extract", help="extract every quantity mention into a tidy dataset",
                         description="Extract every quantity mention of the documents into one tidy dataset "
                                     "(CSV, JSONL or Parquet by the output's extension; CSV to stdout without -o).")
    ext.add_argument("paths", nargs="+", metavar="PATH",
                     help="files, folders (read recursively), glob patterns ('corpus/**/*.txt') or tabular "
                          "corpora (.csv, .jsonl, .parquet: one document per row)")
    ext.add_argument("-o", "--output", metavar="FILE", help="dataset file: .csv, .jsonl or .parquet (default: CSV to stdout)")
    ext.add_argument("--excel", action="store_true", help="write CSV with a UTF-8 BOM so Excel shows Chinese correctly")
    ext.add_argument("--manifest", metavar="FILE", help="per-document manifest (default: beside the output, NAME.manifest.csv)")
    ext.add_argument("--year", type=int, metavar="YYYY", help="the documents' year, for resolving 今年/去年 into the year column")
    ext.add_argument("--glob", metavar="PATTERN", help="files of folders to read ('*.txt' at any depth; default: text-like files)")
    ext.add_argument("--text-column", default="text", metavar="NAME", help="text column of tabular corpora (default: text)")
    ext.add_argument("--id-column", default="id", metavar="NAME", help="document id column of tabular corpora (default: id)")
    ext.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: all cores; 1: no workers)")
    ext.add_argument("--chunk-size", type=int, default=1000, metavar="DOCS",
                     help="documents per chunk of work and of output (default: 1000; a chunk also ends at ~512 KB of text)")
    ext.add_argument("--no-progress", action="store_true", help="no progress bar (it is shown only when stderr is a terminal)")
    _input_options(ext)
    ext.set_defaults(handler=_extract)

    ev = sub.add_parser("evaluate", help="score extraction against gold JSONL (span/strict P, R, F1 and context accuracy)",
                        description="Extract PATH... and score it against gold rows as MENTIONS.md defines.")
    ev.add_argument("paths", nargs="+", metavar="PATH", help="the documents the gold annotates (files or folders)")
    ev.add_argument("--gold", required=True, metavar="GOLD.jsonl", help="gold rows, one JSON object per line")
    ev.add_argument("--pred", metavar="PRED.jsonl", help="score these predictions instead of running the extractor")
    ev.add_argument("--per-doc", action="store_true", help="also print a table per document")
    ev.add_argument("--show-errors", nargs="?", const="all", metavar="KINDS",
                    help="list errors (comma-separated kinds: missed, spurious, value, indicator, subject, period, change)")
    _input_options(ev)
    ev.set_defaults(handler=_evaluate)

    ch = sub.add_parser("chart", help="draw summary charts (PNG and SVG) of a dataset written by extract",
                        description="Draw the summary charts of a dataset written by `indicators extract` "
                                    "(CSV, JSONL or Parquet): overview, largest figures, one indicator by "
                                    "subject and over time. Each is saved as DIR/NAME.png and DIR/NAME.svg.")
    ch.add_argument("dataset", metavar="DATASET", help="dataset file: .csv, .jsonl or .parquet")
    ch.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the charts (created if missing)")
    ch.set_defaults(handler=_chart)
    return parser


def _input_options(sub: argparse.ArgumentParser) -> None:
    """How files are read (docs/input.md); shared by extract and evaluate."""
    from .documents import DEFAULT_TIMEOUT

    sub.add_argument("--encoding", type=_encoding, metavar="ENC",
                     help="encoding of every text file (default: detect UTF-8/16/32, GB18030, Big5 per file)")
    sub.add_argument("--errors", choices=("strict", "replace"), default="strict",
                     help="undecodable bytes: strict = the document fails (default), replace = U+FFFD, noted in the manifest")
    sub.add_argument("--max-bytes", type=_size, default="256M", metavar="SIZE",
                     help="larger files fail without being read (default: 256M; K, M, G suffixes)")
    sub.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                     help=f"a document whose extraction takes longer than SECONDS per MB of text fails "
                          f"(default: {DEFAULT_TIMEOUT:g}; 0: no limit)")


def _encoding(name: str) -> str:
    import codecs

    try:
        b"a".decode(name, "ignore")  # a text encoding, not hex or rot13
        return codecs.lookup(name).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r}") from None


def _size(text: str) -> int:
    from .documents import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _read_options(args: argparse.Namespace):
    from .documents import ReadOptions

    if args.timeout < 0:
        raise UsageError(f"--timeout must be 0 or more seconds, not {args.timeout:g}")
    return ReadOptions(encoding=args.encoding, errors=args.errors, max_bytes=args.max_bytes,
                       timeout=args.timeout or None)


def _chart(args: argparse.Namespace) -> int:
    from .charts import write_charts
    from .export import read_dataset

    if not Path(args.dataset).is_file():
        raise UsageError(f"{args.dataset}: no such dataset file")
    paths = write_charts(read_dataset(args.dataset), args.output)
    print(f"indicators: {len(paths)} chart files -> {args.output}", file=sys.stderr)
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from .corpus import run_corpus
    from .manifest import manifest_path_for
    from .sources import TEXT_SUFFIXES, iter_sources

    manifest = args.manifest or manifest_path_for(args.output)
    options = _read_options(args)
    sources = iter_sources(args.paths, glob=args.glob, text_column=args.text_column, id_column=args.id_column)
    if getattr(sources, "total", None) == 0:  # issue 6: folders without a document are a wrong call, not a silent run
        raise UsageError(f"no documents in {', '.join(args.paths)} (folders give {', '.join(TEXT_SUFFIXES)} files; "
                         "use --glob to choose others)")
    summary = run_corpus(sources, args.output, excel=args.excel, manifest=manifest, year=args.year, jobs=args.jobs,
                         progress=False if args.no_progress else None, chunk_size=args.chunk_size,
                         read_options=options)
    for row in summary.manifest:
        if row.status != "ok":
            print(f"indicators: {row.path or row.doc}: {row.error}", file=sys.stderr)
    where = args.output or "stdout"
    print(f"indicators: {len(summary.manifest)} documents, {summary.failed} failed, "
          f"{summary.mentions} mentions -> {where}" + (f" (manifest {manifest})" if manifest else ""), file=sys.stderr)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from . import evaluate as ev
    from .corpus import load
    from .documents import DocumentError
    from .extract import extract_document
    from .frame import mention_row
    from .limits import limit_for, time_limit
    from .sources import iter_sources

    try:
        golds = ev.load_jsonl(args.gold)
    except (OSError, ValueError) as exc:
        raise UsageError(f"--gold {args.gold}: {exc}") from None
    options = _read_options(args)
    docs, preds, failed = [], [], 0
    for source in iter_sources(args.paths):
        docs.append(source.id)
        if args.pred:
            continue
        try:
            doc = load(source, options=options)
            with time_limit(limit_for(doc.text, options.timeout)):
                preds.extend([mention_row(doc.id, m) for m in extract_document(doc)])
        except DocumentError as exc:
            print(f"indicators: {exc}", file=sys.stderr)
            failed += 1
        except Exception as exc:  # noqa: BLE001 - issue 6: one bad document is reported, the others are scored
            print(f"indicators: {source.path or source.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
    if args.pred:
        preds = ev.load_jsonl(args.pred)
    missing = sorted({g["doc"] for g in golds} - set(docs))
    if missing:
        print(f"indicators: gold documents not among the inputs (not scored): {', '.join(missing)}", file=sys.stderr)
    scores = ev.score(preds, golds, docs)
    print(f"documents {len(docs)}")
    print("\n".join(ev.total(scores).lines()))
    if args.per_doc:
        print()
        print("\n".join(ev.per_doc_table(scores)))
    if args.show_errors:
        kinds = None if args.show_errors == "all" else set(args.show_errors.split(","))
        print()
        print("\n".join(ev.describe_misses(scores, kinds)))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``indicators`` and ``python -m indicators``."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"indicators: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, OSError) as exc:
        print(f"indicators: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("indicators: interrupted; no output file was completed", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - issue 6: never a traceback; documents' own errors are in the manifest
        print(f"indicators: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
