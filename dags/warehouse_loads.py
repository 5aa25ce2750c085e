"""The warehouse loads (logic in `etl`; owner `cchc-it`; Asia/Ho_Chi_Minh): upgrade the schema, load each source
(a mapped task per source, pool `warehouse_writes`), announce `cchc://warehouse/dw` (starts `cchc_reports`), update
the marts from the changed dossiers, e-mail `CCHC_ALERT_EMAILS` about failed files, show `cchc status`.

## tthc_nightly

**Every night at 01:00** (Vietnam): every source's new exports → landed (read-only, by content hash) →
validated (the rules of `expectations/`: failing rows quarantined with a reason) → `dw` star schema.

- **Deadline:** not finished by **{deadline}** (`CCHC_NIGHTLY_DEADLINE`), the alert list gets an e-mail.
- **Param `load_date`** (YYYY-MM-DD; empty: the night of the run). **A failed run:** `fail_if_files_failed`'s log
  names each file and why. **Past nights:** `airflow backfill create` (README, "Airflow").

## reference_sync

**Every night at 00:00** (Vietnam): only the reference files (unit lists, reorganisations, procedure catalogues)
→ versioned dimensions; dossiers are left to `tthc_nightly`. Same param and alerts.
"""
from airflow.sdk import Asset, dag, get_current_context, task

from etl import orchestration as o

WAREHOUSE = Asset(o.WAREHOUSE_ASSET_URI)
COMMON = dict(start_date=o.START_DATE, catchup=False, max_active_runs=1, default_args=o.default_args(5),
              params=o.load_params())


def load_every_source(reference_only: bool) -> None:
    @task
    def upgrade_schema() -> None:
        o.upgrade_schema()

    @task
    def configured_sources() -> list[str]:
        return o.configured_sources()

    @task(pool=o.WAREHOUSE_POOL, map_index_template="{{ source_name }}")
    def load_source(source: str) -> dict:
        context = get_current_context()
        context["source_name"] = source  # the mapped task's name in the UI
        logical_date = context.get("logical_date")
        return o.ingest_source(source, o.resolve_load_date(context["params"], logical_date), reference_only,
                               arrived_by=o.arrival_cutoff(context["dag_run"].run_type, logical_date))

    @task(outlets=[WAREHOUSE])
    def announce_warehouse_updated(summaries: list[dict]) -> int:
        if reason := o.announce_reason(summaries):
            o.skip(reason)
        return o.rows_changed(summaries)

    @task(pool=o.WAREHOUSE_POOL)
    def refresh_marts() -> dict:
        return o.refresh_marts(get_current_context())

    @task(trigger_rule="all_done", retries=0)  # a retry cannot mend a bad file: alert at once
    def fail_if_files_failed(summaries: list[dict]) -> None:
        o.raise_for_failures(summaries)

    @task(trigger_rule="all_done", retries=0)
    def warehouse_status() -> dict:
        return o.warehouse_status()

    sources = configured_sources()
    upgrade_schema() >> sources
    summaries = load_source.expand(source=sources)
    announce_warehouse_updated(summaries) >> refresh_marts()
    fail_if_files_failed(summaries)
    summaries >> warehouse_status()


@dag(schedule=o.daily_at(o.NIGHTLY_AT), tags=o.NIGHTLY_TAGS, doc_md=o.dag_doc(__doc__, "tthc_nightly"),
     deadline=o.nightly_deadline(), **COMMON)
def tthc_nightly():
    load_every_source(reference_only=False)


@dag(schedule=o.daily_at(o.REFERENCE_AT), tags=o.REFERENCE_TAGS, doc_md=o.dag_doc(__doc__, "reference_sync"),
     **COMMON)
def reference_sync():
    load_every_source(reference_only=True)


tthc_nightly()
reference_sync()
