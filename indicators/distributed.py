"""Extraction as a function of a pandas DataFrame of documents, for Dask and other engines.

:func:`extract_frame` turns a frame with an id and a text column into the tidy
dataset: the same rows, columns and dtypes as ``indicators extract`` gives for
the same documents. It needs no Dask itself; with Dask each partition of a
document frame goes through it::

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    from indicators.distributed import extract_frame, meta

    client = Client(LocalCluster(n_workers=4, threads_per_worker=1))
    docs = dd.read_parquet("corpus.parquet", columns=["id", "text"])
    mentions = docs.map_partitions(extract_frame, meta=meta())
    mentions.to_parquet("mentions/")  # or .compute() for one pandas frame

``threads_per_worker=1``: the extractor is pure Python, so a worker gains from
processes, not threads. Each partition's result has its own ``0..n-1`` index;
``.compute()`` concatenates the partitions in order (see docs/dask.md).
"""
from __future__ import annotations

import pandas as pd

from .corpus import Extractor, extract_rows, rows_frame
from .documents import text_document
from .frame import empty_frame


def extract_frame(
    docs: pd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str = "id",
    year: int | None = None,
    extractor: Extractor | None = None,
) -> pd.DataFrame:
    """One row per quantity mention of the documents of ``docs`` (one document per row).

    Ids are written as text (``str`` of the id column's value); a missing
    (null) text gives no rows. ``year`` is the documents' year, as ``--year``.

    >>> extract_frame(pd.DataFrame({"id": [], "text": []})).columns[:4].tolist()
    ['doc', 'start', 'end', 'text']
    """
    for name in (text_column, id_column):
        if name not in docs.columns:
            raise KeyError(f"no column {name!r} in the documents (columns: {', '.join(map(str, docs.columns))})")
    rows = []
    for doc_id, text in zip(docs[id_column].tolist(), docs[text_column].tolist()):
        if isinstance(text, str):
            doc = text_document(doc_id if isinstance(doc_id, str) else str(doc_id), text, year=year)
            rows.extend(extract_rows(doc, extractor))
    return rows_frame(rows)


def meta() -> pd.DataFrame:
    """The empty frame with the columns and dtypes of :func:`extract_frame`: ``meta=`` for ``map_partitions``."""
    return empty_frame()
