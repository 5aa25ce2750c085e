"""Peer: the same files loaded with dlt, merged on MaHoSo — dlt's defaults, no validation.

One resource yields the ``data`` list of each sync payload (parsed with ``json``); dlt infers the schema,
normalises the names (MaHoSo becomes ma_ho_so), turns the four lists (fees, attachments, results, supplement
requests) into child tables, and loads with ``write_disposition="merge"`` on the primary key MaHoSo into
its postgres destination (default strategy delete-insert; a dossier sent twice in the load is kept once).

Runs with the scratch virtualenv's python (bench/peers/harness.py installs dlt[postgres]):

    python dlt_merge.py FOLDER postgresql://user@host:port/db WORKDIR

WORKDIR holds dlt's pipeline folder (its extracted and normalised files). Prints one JSON line: rows read,
rows in the dossier table, load seconds (first file opened to the end of ``pipeline.run``).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dlt

DATASET = "peer"


@dlt.resource(name="dossier", write_disposition="merge", primary_key="MaHoSo")
def dossiers(paths: list[Path], counter: dict):
    for path in paths:
        with path.open(encoding="utf-8") as source:
            records = json.load(source)["data"]
        counter["rows"] += len(records)
        yield records


def with_password(url: str) -> str:
    """dlt refuses postgres credentials without a password; the bench server trusts local users and ignores it."""
    parts = urlsplit(url)
    if parts.password is not None:
        return url
    return urlunsplit(parts._replace(netloc=f"{parts.username}:unused@{parts.hostname}:{parts.port or 5432}"))


def main(folder: Path, url: str, workdir: Path) -> dict:
    paths = sorted(folder.glob("dossiers/**/*.json"))
    counter = {"rows": 0}
    pipeline = dlt.pipeline(pipeline_name="cchc_peer", pipelines_dir=str(workdir), dataset_name=DATASET,
                            destination=dlt.destinations.postgres(credentials=with_password(url)))
    started = time.perf_counter()
    pipeline.run(dossiers(paths, counter))
    load_seconds = time.perf_counter() - started
    with pipeline.sql_client() as client:
        rows_in_table = client.execute_sql("SELECT count(*) FROM dossier")[0][0]
    return {"rows_read": counter["rows"], "rows_in_table": rows_in_table, "load_seconds": round(load_seconds, 3),
            "dlt": dlt.__version__}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))), flush=True)
