"""The periodic CCHC reports, run by Airflow; all logic lives in ``etl.reports``.

cchc_reports (06:00 every day, and whenever the nightly load has updated the warehouse): the report periods
whose cut-off has passed (or the ``period`` param) -> recompute their marts -> render every configured
unit's report (Word, PDF, HTML, Biểu 06 .xlsx) -> e-mail each report once (``force`` sends again); alert on
failure through smtp_default.
"""
from datetime import datetime, timedelta

from airflow.sdk import Asset, AssetOrTimeSchedule, CronTriggerTimetable, Param, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowSkipException

from etl import orchestration as o


@dag(
    schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("0 6 * * *", timezone="Asia/Ho_Chi_Minh"),
                                 assets=[Asset(o.WAREHOUSE_ASSET_URI)]),
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["cchc", "reports"],
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10), "on_failure_callback": o.failure_alerts()},
    params={
        "period": Param(None, type=["null", "string"], description="Kỳ báo cáo, vd. nam:2024 (trống: kỳ vừa chốt)"),
        "units": Param([], type="array", description="Mã định danh đơn vị (trống: theo config/reports.yaml)"),
        "force": Param(False, type="boolean", description="Gửi lại cả báo cáo đã gửi"),
    },
)
def cchc_reports():
    @task
    def due_periods() -> list[dict]:
        context = get_current_context()
        periods = o.report_periods(context["params"], context.get("logical_date"))
        if not periods:
            raise AirflowSkipException("Không có kỳ báo cáo nào vừa chốt số liệu")
        return periods

    @task(pool=o.WAREHOUSE_POOL)
    def refresh_marts(period: dict) -> dict:
        return o.refresh_report_marts(period)

    @task
    def render_reports(period: dict) -> dict:
        return o.render_reports(period, get_current_context()["params"]["units"])

    @task(retries=3)
    def send_reports(rendered: dict) -> dict:
        return o.send_reports(rendered, force=get_current_context()["params"]["force"])

    periods = due_periods()
    rendered = render_reports.expand(period=periods)
    refresh_marts.expand(period=periods) >> rendered
    send_reports.expand(rendered=rendered)


cchc_reports()
