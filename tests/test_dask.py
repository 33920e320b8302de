"""The extraction on a Dask cluster gives exactly the rows of the single-process run."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.corpus import run_corpus
from indicators.distributed import extract_frame, meta
from indicators.export import read_dataset
from indicators.sources import iter_sources

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed (pip install 'indicators[distributed]')")
distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    """Eight documents: the seeds and copies of them with other figures."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    return pd.DataFrame({
        "doc_id": [f"{n}/{name}" for n in range(4) for name in texts],
        "body": [text.replace("2", str(n)) for n in range(4) for text in texts.values()],
        "source": "test",
    })


@pytest.fixture(scope="module")
def single(docs, tmp_path_factory) -> pd.DataFrame:
    """The rows of ``indicators extract`` (one process) on the same documents as a Parquet corpus."""
    folder = tmp_path_factory.mktemp("single")
    docs.to_parquet(folder / "docs.parquet", index=False)
    sources = iter_sources([str(folder / "docs.parquet")], text_column="body", id_column="doc_id")
    run_corpus(sources, folder / "rows.parquet", jobs=1)
    return read_dataset(folder / "rows.parquet")


def test_extract_frame_is_the_single_process_run(docs, single):
    frame = extract_frame(docs, text_column="body", id_column="doc_id")
    assert len(frame) > 100
    pd.testing.assert_frame_equal(frame, single)
    assert frame.dtypes.astype(str).to_dict() == meta().dtypes.astype(str).to_dict()


def test_local_cluster_gives_exactly_the_single_process_rows(docs, single):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        lazy = dd.from_pandas(docs, npartitions=3).map_partitions(
            extract_frame, text_column="body", id_column="doc_id", meta=meta())
        result = lazy.compute()
    pd.testing.assert_frame_equal(result.reset_index(drop=True), single)


def test_missing_column_is_named():
    with pytest.raises(KeyError, match="no column 'text'"):
        extract_frame(pd.DataFrame({"id": ["a"], "body": ["1户"]}))
