"""The Dask recipe of docs/classify.md, run as written on a local cluster of two worker
processes: a shared file list in, one JSON line per file out, the same records as
`vgrklass classify --format jsonl`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_classify import STRUCTURE
from test_classify_cli import INVOICE, MINUTES

from vgrklass.classify.bulk import Classifier, run

ON = dt.date(2024, 6, 1)


@pytest.fixture
def share(tmp_path) -> list[str]:
    folder = tmp_path / "share"
    folder.mkdir()
    paths = []
    for number in range(8):
        path = folder / f"dok{number}.txt"
        path.write_text(INVOICE if number % 2 else MINUTES, encoding="utf-8")
        paths.append(str(path))
    return [*paths, str(folder / "saknas.pdf"), str(folder / "bild.png")]


def test_dask_recipe_on_a_local_cluster_gives_the_records_of_the_command(write_yaml, share,
                                                                         tmp_path):
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from vgrklass.classify import FileResult, classify_file

    data = write_yaml(STRUCTURE)
    file_list = tmp_path / "filer.txt"
    file_list.write_text("\n".join(share) + "\n", encoding="utf-8")
    out = tmp_path / "resultat"

    # --- the recipe (docs/classify.md) ---
    index = Classifier.open(data, on=ON)  # loaded here once; sent to workers as its path
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        (db.read_text(str(file_list), blocksize=None)
           .map(str.strip).filter(None)
           .repartition(npartitions=4)
           .map(classify_file, index=index)
           .map(FileResult.as_dict)
           .map(lambda record: json.dumps(record, ensure_ascii=False))
           .to_textfiles(str(out / "*.jsonl")))
    # --- end of the recipe ---

    lines = [line for part in sorted(out.glob("*.jsonl"))
             for line in part.read_text(encoding="utf-8").splitlines()]
    got = {json.loads(line)["file"]: json.loads(line) for line in lines}
    expected = {r.file: r.as_dict() for r in run(share, index)}
    assert got == expected
    assert got[share[0]]["hits"][0]["code"] == "1.1"
    assert got[share[-1]]["kind"] == "unknown_format"


def test_classifier_reopens_from_its_data_file_in_another_process(write_yaml, tmp_path):
    """What a Dask worker does with the index it is sent."""
    import pickle
    import subprocess
    import sys

    data = write_yaml(STRUCTURE)
    path = tmp_path / "faktura.txt"
    path.write_text(INVOICE, encoding="utf-8")
    index = Classifier.open(data, on=ON)
    code = ("import pickle, sys; from vgrklass.classify import classify_file; "
            "index = pickle.loads(sys.stdin.buffer.read()); "
            f"print(classify_file({str(path)!r}, index).outcome.hits[0].code)")
    result = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(index),
                            capture_output=True, check=True)
    assert result.stdout.decode().strip() == "2.1"
    assert Path(data).exists()
