"""The periodic CCHC reports; the logic lives in `etl.reports`, this file only wires it. Owner: district IT
(`cchc-it`). Times are Asia/Ho_Chi_Minh, whatever Airflow's default timezone is.

## cchc_reports

**Every day at 06:00** (Vietnam), and whenever the nightly load has updated the warehouse (Asset
`cchc://warehouse/dw`): the report periods whose cut-off has passed (or the `period` param) → their marts
recomputed → every configured unit's report rendered (Word, PDF, HTML, Biểu 06 .xlsx) → each report e-mailed
once, through the connection `smtp_default`. Mapped tasks are named after their period.

**Asking for the fill-in workbook** (task `request_inputs`, independent of the reports): from
`inputs.ask_days_before` days before a period's cut-off each unit is e-mailed its pre-filled workbook (Phiếu số
liệu báo cáo CCHC); from the cut-off to the report's due day, units that have not submitted it get a reminder.
Each once, recorded in `audit.report_delivery` with its purpose (`cchc deliveries`).

- **Param `period`:** a period code, e.g. `nam:2024`, `quy:2024-3`, `thang:2024-11`, `6thang:2025`,
  `9thang:2025` (the form refuses other values); empty: the periods just closed. **`units`:** unit codes
  (empty: `config/reports.yaml`; also narrows `request_inputs`). **`force`:** send again reports already sent.
- **Nothing to do:** `due_periods` (or `request_inputs`) is skipped and its log says why.
- **A failed run:** `send_reports` names each unit whose report could not be made or sent, `request_inputs`
  each unit whose workbook could not be sent; failures also e-mail `CCHC_ALERT_EMAILS`.
"""
from airflow.sdk import Asset, AssetOrTimeSchedule, dag, get_current_context, task

from etl import orchestration as o


@dag(
    schedule=AssetOrTimeSchedule(timetable=o.daily_at(o.REPORTS_AT), assets=[Asset(o.WAREHOUSE_ASSET_URI)]),
    start_date=o.START_DATE,
    catchup=False,
    max_active_runs=1,
    tags=o.REPORT_TAGS,
    doc_md=o.dag_doc(__doc__, "cchc_reports"),
    default_args=o.default_args(10),
    params=o.report_params(),
)
def cchc_reports():
    @task
    def due_periods() -> list[dict]:
        context = get_current_context()
        periods = o.report_periods(context["params"], context.get("logical_date"))
        if not periods:
            o.skip(o.no_period_reason(context.get("logical_date")))
        return periods

    @task(pool=o.WAREHOUSE_POOL, map_index_template="{{ period_code }}")
    def refresh_marts(period: dict) -> dict:
        get_current_context()["period_code"] = period["code"]
        return o.refresh_report_marts(period)

    @task(map_index_template="{{ period_code }}")
    def render_reports(period: dict) -> dict:
        context = get_current_context()
        context["period_code"] = period["code"]
        return o.render_reports(period, context["params"]["units"])

    @task(retries=3, map_index_template="{{ period_code }}")
    def send_reports(rendered: dict) -> dict:
        context = get_current_context()
        context["period_code"] = rendered["period"]["code"]
        return o.send_reports(rendered, force=context["params"]["force"])

    @task(retries=3)
    def request_inputs() -> list[dict]:
        return o.request_inputs(get_current_context())

    request_inputs()
    periods = due_periods()
    rendered = render_reports.expand(period=periods)
    refresh_marts.expand(period=periods) >> rendered
    send_reports.expand(rendered=rendered)


cchc_reports()
