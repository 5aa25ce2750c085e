-- The dossiers a refresh of the marts computed from dw.fact_dossier counts (mart.bieu06, mart.dossier_counts,
-- mart.dossier_month), as the temporary view mart_dossier that sql/marts/refresh_bieu06.sql,
-- refresh_dossier_counts.sql and refresh_dossier_month.sql read: one row per dossier state with a sign, the
-- columns those files use and the values every one of them derives alike.
-- Parameters:
--   %(whole)s        true: every dossier of dw.fact_dossier, sign +1 (periods computed whole);
--                    false: only what changed after the periods were last brought up to date, as a difference:
--   %(change_id)s    the last audit.dossier_change the periods took in (mart.refreshed_period.change_id), and
--   %(dossier_key)s  the last dossier_key they saw (mart.refreshed_period.dossier_key): each dossier changed since
--                    is counted -1 in the state they counted (its first change after change_id holds it) and +1 in
--                    its current row (found where its last change put it; none if it was deleted); a dossier
--                    inserted since (key above dossier_key) is counted +1 only. Summing sign gives the difference to
--                    add to what the periods hold. Those rows are gathered once, in the temporary table
--                    mart_changed (empty when whole).
-- Statuses 1 and 3 are never counted (in any state), as the counting rules of each mart say.
-- end_key (Biểu 06 rule 2, sql/marts/refresh_bieu06.sql): the local day a dossier with status 7, 8, 9 or 10 ended:
-- finished_date_key, else the local day of source_event_at; null for the other statuses.
-- ended_in_time_766 and few_supplements: QĐ 766 rule 2.1 (sql/marts/refresh_dossier_counts.sql).
-- Lineage: the same counting rules, applied to single dossiers, are in the functions mart.figure_dossiers*
-- (migration 0023: `cchc explain`, the chi-tiet workbook). A change of a rule here needs a migration replacing
-- them; tests/test_figure_lineage.py fails until both agree.
DROP TABLE IF EXISTS mart_changed CASCADE;
CREATE TEMP TABLE mart_changed ON COMMIT DROP AS
WITH change AS (
    SELECT c.*,
           row_number() OVER (PARTITION BY c.dossier_key ORDER BY c.change_id) AS nth,
           row_number() OVER (PARTITION BY c.dossier_key ORDER BY c.change_id DESC) AS nth_last
    FROM audit.dossier_change c
    WHERE NOT %(whole)s AND c.change_id > %(change_id)s AND c.dossier_key <= %(dossier_key)s
)
SELECT -1 AS sign, c.unit_key, c.procedure_key, c.field_key, c.channel_code, c.status_code, c.timeliness,
       c.received_date_key, c.due_date_key, c.finished_date_key, c.due_at, c.finished_at, c.source_event_at,
       c.online_level_at_receipt, c.has_fee, c.paid_online, c.digitised_input, c.returned_by_post,
       c.electronic_result, c.supplement_count, c.supplement_wait_days
FROM change c
WHERE c.nth = 1
UNION ALL
SELECT 1, f.unit_key, f.procedure_key, f.field_key, f.channel_code, f.status_code, f.timeliness,
       f.received_date_key, f.due_date_key, f.finished_date_key, f.due_at, f.finished_at, f.source_event_at,
       f.online_level_at_receipt, f.has_fee, f.paid_online, f.digitised_input, f.returned_by_post,
       f.electronic_result, f.supplement_count, f.supplement_wait_days
FROM change c
JOIN dw.fact_dossier f ON f.dossier_key = c.dossier_key AND f.received_date_key = c.received_date_key_after
WHERE c.nth_last = 1
UNION ALL
SELECT 1, f.unit_key, f.procedure_key, f.field_key, f.channel_code, f.status_code, f.timeliness,
       f.received_date_key, f.due_date_key, f.finished_date_key, f.due_at, f.finished_at, f.source_event_at,
       f.online_level_at_receipt, f.has_fee, f.paid_online, f.digitised_input, f.returned_by_post,
       f.electronic_result, f.supplement_count, f.supplement_wait_days
FROM dw.fact_dossier f
WHERE NOT %(whole)s AND f.dossier_key > %(dossier_key)s;
ANALYZE mart_changed;

CREATE TEMP VIEW mart_dossier AS
SELECT d.sign, d.unit_key, d.procedure_key, d.field_key, d.channel_code, d.status_code, d.timeliness,
       d.received_date_key, d.due_date_key, d.finished_date_key,
       CASE WHEN d.status_code IN (7, 8, 9, 10)
            THEN coalesce(d.finished_date_key,
                          to_char(d.source_event_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer)
       END AS end_key,
       d.online_level_at_receipt, d.has_fee, d.paid_online, d.digitised_input, d.returned_by_post,
       d.electronic_result,
       d.supplement_count <= 1
           AND ((d.finished_at - coalesce(d.supplement_wait_days, 0) * interval '1 day')
                 AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
           AS ended_in_time_766,
       d.supplement_count <= 1 AS few_supplements
FROM (
    SELECT 1 AS sign, f.unit_key, f.procedure_key, f.field_key, f.channel_code, f.status_code, f.timeliness,
           f.received_date_key, f.due_date_key, f.finished_date_key, f.due_at, f.finished_at, f.source_event_at,
           f.online_level_at_receipt, f.has_fee, f.paid_online, f.digitised_input, f.returned_by_post,
           f.electronic_result, f.supplement_count, f.supplement_wait_days
    FROM dw.fact_dossier f
    WHERE %(whole)s
    UNION ALL
    SELECT * FROM mart_changed WHERE NOT %(whole)s  -- a temporary table: read only when not whole, so that the
                                                    -- whole computation keeps its parallel scan of the fact table
) d
WHERE d.status_code NOT IN (1, 3);
