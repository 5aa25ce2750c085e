"""The warehouse loads, run by Airflow; all logic lives in ``etl``.

- tthc_nightly (01:00): every configured source's exports -> landed -> validated (GX) -> dw star schema.
- reference_sync (00:00): only the reference files (unit lists, reorganisations, procedure catalogues)
  -> versioned dimensions; dossiers are left to tthc_nightly.

Both: upgrade the schema; list the sources; load each source (mapped, through the warehouse-writes pool);
announce the updated warehouse (Asset); fail loudly, and alert, if any file could not be loaded.
"""
from datetime import datetime, timedelta

from airflow.sdk.exceptions import AirflowSkipException
from airflow.sdk import Asset, Param, dag, get_current_context, task

from etl import orchestration as o

WAREHOUSE = Asset(o.WAREHOUSE_ASSET_URI)
COMMON = dict(
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5), "on_failure_callback": o.failure_alerts()},
    params={"load_date": Param(None, type=["null", "string"], format="date", description="Ngày nạp (YYYY-MM-DD)")},
)


def load_every_source(reference_only: bool) -> None:
    @task
    def upgrade_schema() -> None:
        o.upgrade_schema()

    @task
    def configured_sources() -> list[str]:
        return o.configured_sources()

    @task(pool=o.WAREHOUSE_POOL)
    def load_source(source: str) -> dict:
        context = get_current_context()
        load_date = o.resolve_load_date(context["params"], context.get("logical_date"))
        return o.ingest_source(source, load_date, reference_only=reference_only)

    @task(outlets=[WAREHOUSE])
    def announce_warehouse_updated(summaries: list[dict]) -> int:
        if not o.rows_changed(summaries):
            raise AirflowSkipException("Không có dữ liệu mới")
        return o.rows_changed(summaries)

    @task(trigger_rule="all_done", retries=0)  # a retry cannot mend a bad file: alert at once
    def fail_if_files_failed(summaries: list[dict]) -> None:
        o.raise_for_failures(summaries)

    sources = configured_sources()
    upgrade_schema() >> sources
    summaries = load_source.expand(source=sources)
    announce_warehouse_updated(summaries)
    fail_if_files_failed(summaries)


@dag(schedule="0 1 * * *", tags=["cchc", "etl"], **COMMON)
def tthc_nightly():
    load_every_source(reference_only=False)


@dag(schedule="0 0 * * *", tags=["cchc", "reference"], **COMMON)
def reference_sync():
    load_every_source(reference_only=True)


tthc_nightly()
reference_sync()
