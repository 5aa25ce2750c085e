-- Bring mart.dossier_month of report periods up to date, set-based, from the dossiers of the temporary view
-- mart_dossier (sql/marts/dossier_rows.sql), as sql/marts/refresh_bieu06.sql does for Biểu 06: computed whole (the
-- periods' rows deleted first) or by adding the difference the changed dossiers make; a row left with nothing
-- counted is deleted. Run by etl.marts in one transaction.
-- Parameters: %(whole)s; the periods, as arrays of the same length: %(calendars)s, %(codes)s, %(first_days)s,
-- %(last_days)s (dates, both included), %(first_keys)s and %(last_keys)s (the same days as yyyymmdd keys).
--
-- Counting rules (the report's monthly trend; statuses 1 and 3 are never counted; days outside the period are
-- left out, so the first and last months of an administrative period are partial):
--   nhan_moi: dossiers received within the period, in the month of their received_date_key;
--   ket_thuc: dossiers ended (7, 8, 9, 10) within the period, in the month of their end day (Biểu 06 rule 2:
--     finished_date_key, else the local day of source_event_at), whenever received;
--   ket_thuc_dung_han: of those, ended on time by the Biểu 06 rules: withdrawn or stopped (7, 8), timeliness
--     truoc_han or dung_han, or without timeliness no due date or an end day on or before the due day.
-- Lineage: the same counting rules, applied to single dossiers, are in the functions mart.figure_dossiers*
-- (migration 0023: `cchc explain`, the chi-tiet workbook). A change of a rule here needs a migration replacing
-- them; tests/test_figure_lineage.py fails until both agree.

DELETE FROM mart.dossier_month m
USING unnest(%(calendars)s::text[], %(codes)s::text[]) AS p (calendar, period_code)
WHERE %(whole)s AND m.calendar = p.calendar AND m.period_code = p.period_code;

DROP TABLE IF EXISTS mart_dossier_month_delta, mart_dossier_month_rows;
CREATE TEMP TABLE mart_dossier_month_delta ON COMMIT DROP AS  -- per period (its place n), unit and month
WITH period AS (
    SELECT p.n, p.first_key, p.last_key
    FROM unnest(%(first_keys)s::integer[], %(last_keys)s::integer[]) WITH ORDINALITY AS p (first_key, last_key, n)
),
event AS (
    SELECT p.n, d.unit_key, d.received_date_key / 100 AS month_key, d.sign AS received, 0 AS ended, 0 AS on_time
    FROM mart_dossier d
    JOIN period p ON d.received_date_key BETWEEN p.first_key AND p.last_key
    UNION ALL
    SELECT p.n, d.unit_key, d.end_key / 100, 0, d.sign,
           CASE WHEN d.status_code IN (7, 8) OR d.timeliness IN ('truoc_han', 'dung_han')
                     OR (d.timeliness IS NULL AND (d.due_date_key IS NULL OR d.end_key <= d.due_date_key))
                THEN d.sign ELSE 0 END
    FROM mart_dossier d
    JOIN period p ON d.end_key BETWEEN p.first_key AND p.last_key
)
SELECT n, unit_key, make_date(month_key / 100, month_key % 100, 1) AS month,
       sum(received) AS nhan_moi, sum(ended) AS ket_thuc, sum(on_time) AS ket_thuc_dung_han
FROM event
GROUP BY n, unit_key, month_key;
ANALYZE mart_dossier_month_delta;

CREATE TEMP TABLE mart_dossier_month_rows ON COMMIT DROP AS  -- the rows as they end up: held + difference
SELECT p.calendar, p.period_code, p.first_day, p.last_day, c.unit_key, c.month,
       coalesce(m.nhan_moi, 0) + c.nhan_moi AS nhan_moi,
       coalesce(m.ket_thuc, 0) + c.ket_thuc AS ket_thuc,
       coalesce(m.ket_thuc_dung_han, 0) + c.ket_thuc_dung_han AS ket_thuc_dung_han
FROM mart_dossier_month_delta c
JOIN unnest(%(calendars)s::text[], %(codes)s::text[], %(first_days)s::date[], %(last_days)s::date[])
     WITH ORDINALITY AS p (calendar, period_code, first_day, last_day, n) USING (n)
LEFT JOIN mart.dossier_month m
       ON m.calendar = p.calendar AND m.period_code = p.period_code AND m.unit_key = c.unit_key AND m.month = c.month;

DELETE FROM mart.dossier_month m
USING mart_dossier_month_rows r
WHERE m.calendar = r.calendar AND m.period_code = r.period_code AND m.unit_key = r.unit_key AND m.month = r.month;

INSERT INTO mart.dossier_month (calendar, period_code, period_first_day, period_last_day, unit_key, month, nhan_moi,
                                ket_thuc, ket_thuc_dung_han, refreshed_at)
SELECT calendar, period_code, first_day, last_day, unit_key, month, nhan_moi, ket_thuc, ket_thuc_dung_han, now()
FROM mart_dossier_month_rows
WHERE nhan_moi <> 0 OR ket_thuc <> 0;
