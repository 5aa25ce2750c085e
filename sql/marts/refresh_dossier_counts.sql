-- Bring mart.dossier_counts of report periods up to date, set-based, from the dossiers of the temporary view
-- mart_dossier (sql/marts/dossier_rows.sql), as sql/marts/refresh_bieu06.sql does for Biểu 06: computed whole (the
-- periods' rows deleted first) or by adding the difference the changed dossiers make; a row left with nothing
-- counted is deleted. Run by etl.marts in one transaction.
-- Parameters: %(whole)s; the periods, as arrays of the same length: %(calendars)s, %(codes)s, %(first_days)s,
-- %(last_days)s (dates, both included), %(first_keys)s and %(last_keys)s (the same days as yyyymmdd keys).
--
-- Counting rules (days are the yyyymmdd keys of dw.fact_dossier; statuses 1 and 3 are never counted):
--   new (nhận mới) = received_date_key within the period; finished = finished_date_key within it;
--   resolved (giải quyết trong kỳ) = status 9 or 10 and finished, whenever received (as in mart.cchc_summary).
--   ho_so_766 = new or finished: the dossiers the QĐ 766 indicators of the period look at
--     (sql/marts/refresh_kpi_766.sql, rules there).
--   dung_han_766 = new, and on time by QĐ 766 rule 2.1: if the dossier ended by the last day (status 7, 8, 9
--     or 10 with finished_date_key on or before it), the end day less the days waiting for supplements is on
--     or before the due day; otherwise it is not yet due on the last day (no due date, or a due day on or after
--     it); in both cases with at most one supplement request.
--   rut_dung = status 7 or 8, on the period's Biểu 06 (received by the last day, new or not ended before the
--     first day) and ended by the last day (end day as in Biểu 06 rule 2: finished_date_key, else the local
--     day of source_event_at): the withdrawn or stopped dossiers Biểu 06 counts as handled on time.
--   the other columns are new dossiers (or resolved ones, giai_quyet_*) with the property their comment names.
-- One row per unit version, procedure version and field (null allowed) with a dossier in ho_so_766 or rut_dung.
-- Lineage: the same counting rules, applied to single dossiers, are in the functions mart.figure_dossiers*
-- (migration 0023: `cchc explain`, the chi-tiet workbook). A change of a rule here needs a migration replacing
-- them; tests/test_figure_lineage.py fails until both agree.

DELETE FROM mart.dossier_counts c
USING unnest(%(calendars)s::text[], %(codes)s::text[]) AS p (calendar, period_code)
WHERE %(whole)s AND c.calendar = p.calendar AND c.period_code = p.period_code;

DROP TABLE IF EXISTS mart_dossier_counts_delta, mart_dossier_counts_rows;
CREATE TEMP TABLE mart_dossier_counts_delta ON COMMIT DROP AS  -- per period (its place n), unit, procedure, field
WITH period AS (
    SELECT p.n, p.first_key, p.last_key
    FROM unnest(%(first_keys)s::integer[], %(last_keys)s::integer[]) WITH ORDINALITY AS p (first_key, last_key, n)
),
flagged AS (
    SELECT p.n, d.sign, d.unit_key, d.procedure_key, d.field_key,
           d.received_date_key BETWEEN p.first_key AND p.last_key AS is_new,
           d.finished_date_key BETWEEN p.first_key AND p.last_key AS finished,
           d.channel_code, d.status_code, d.online_level_at_receipt, d.has_fee, d.paid_online, d.digitised_input,
           d.returned_by_post, d.electronic_result, d.due_date_key,
           CASE WHEN d.finished_date_key <= p.last_key AND d.status_code IN (7, 8, 9, 10) THEN d.ended_in_time_766
                ELSE d.few_supplements AND (d.due_date_key IS NULL OR d.due_date_key >= p.last_key)
           END AS on_time_766,
           d.status_code IN (7, 8) AND d.received_date_key <= p.last_key AND d.end_key <= p.last_key
               AND (d.received_date_key >= p.first_key OR d.end_key >= p.first_key) AS withdrawn
    FROM mart_dossier d
    JOIN period p
      ON d.received_date_key BETWEEN p.first_key AND p.last_key
      OR d.finished_date_key BETWEEN p.first_key AND p.last_key
      OR (d.status_code IN (7, 8) AND d.end_key BETWEEN p.first_key AND p.last_key)
)
SELECT n, unit_key, procedure_key, field_key,
       coalesce(sum(sign) FILTER (WHERE is_new OR finished), 0) AS ho_so_766,
       coalesce(sum(sign) FILTER (WHERE is_new), 0) AS nhan_moi,
       coalesce(sum(sign) FILTER (WHERE is_new AND channel_code = 2), 0) AS nhan_moi_truc_tuyen,
       coalesce(sum(sign) FILTER (WHERE is_new AND channel_code = 3), 0) AS nhan_moi_bcci,
       coalesce(sum(sign) FILTER (WHERE is_new AND channel_code = 2 AND online_level_at_receipt = 'mot_phan'), 0)
           AS truc_tuyen_mot_phan,
       coalesce(sum(sign) FILTER (WHERE is_new AND channel_code = 2 AND online_level_at_receipt = 'toan_trinh'), 0)
           AS truc_tuyen_toan_trinh,
       coalesce(sum(sign) FILTER (WHERE is_new AND online_level_at_receipt = 'toan_trinh'), 0) AS muc_do_toan_trinh,
       coalesce(sum(sign) FILTER (WHERE is_new AND has_fee), 0) AS co_phi,
       coalesce(sum(sign) FILTER (WHERE is_new AND has_fee AND paid_online), 0) AS co_phi_thanh_toan_truc_tuyen,
       coalesce(sum(sign) FILTER (WHERE is_new AND paid_online), 0) AS thanh_toan_truc_tuyen,
       coalesce(sum(sign) FILTER (WHERE is_new AND digitised_input), 0) AS so_hoa,
       coalesce(sum(sign) FILTER (WHERE is_new AND due_date_key IS NULL), 0) AS khong_co_han,
       coalesce(sum(sign) FILTER (WHERE is_new AND channel_code = 2 AND online_level_at_receipt = 'khong'), 0)
           AS truc_tuyen_khong_dvctt,
       coalesce(sum(sign) FILTER (WHERE is_new AND on_time_766), 0) AS dung_han_766,
       coalesce(sum(sign) FILTER (WHERE status_code IN (9, 10) AND finished), 0) AS giai_quyet,
       coalesce(sum(sign) FILTER (WHERE status_code IN (9, 10) AND finished AND returned_by_post), 0)
           AS giai_quyet_bcci,
       coalesce(sum(sign) FILTER (WHERE status_code IN (9, 10) AND finished AND electronic_result), 0)
           AS giai_quyet_dien_tu,
       coalesce(sum(sign) FILTER (WHERE withdrawn), 0) AS rut_dung
FROM flagged
GROUP BY n, unit_key, procedure_key, field_key;
ANALYZE mart_dossier_counts_delta;

CREATE TEMP TABLE mart_dossier_counts_rows ON COMMIT DROP AS  -- the rows as they end up: held + difference
SELECT p.calendar, p.period_code, p.first_day, p.last_day, c.unit_key, c.procedure_key, c.field_key,
       coalesce(m.ho_so_766, 0) + c.ho_so_766 AS ho_so_766,
       coalesce(m.nhan_moi, 0) + c.nhan_moi AS nhan_moi,
       coalesce(m.nhan_moi_truc_tuyen, 0) + c.nhan_moi_truc_tuyen AS nhan_moi_truc_tuyen,
       coalesce(m.nhan_moi_bcci, 0) + c.nhan_moi_bcci AS nhan_moi_bcci,
       coalesce(m.truc_tuyen_mot_phan, 0) + c.truc_tuyen_mot_phan AS truc_tuyen_mot_phan,
       coalesce(m.truc_tuyen_toan_trinh, 0) + c.truc_tuyen_toan_trinh AS truc_tuyen_toan_trinh,
       coalesce(m.muc_do_toan_trinh, 0) + c.muc_do_toan_trinh AS muc_do_toan_trinh,
       coalesce(m.co_phi, 0) + c.co_phi AS co_phi,
       coalesce(m.co_phi_thanh_toan_truc_tuyen, 0) + c.co_phi_thanh_toan_truc_tuyen AS co_phi_thanh_toan_truc_tuyen,
       coalesce(m.thanh_toan_truc_tuyen, 0) + c.thanh_toan_truc_tuyen AS thanh_toan_truc_tuyen,
       coalesce(m.so_hoa, 0) + c.so_hoa AS so_hoa,
       coalesce(m.khong_co_han, 0) + c.khong_co_han AS khong_co_han,
       coalesce(m.truc_tuyen_khong_dvctt, 0) + c.truc_tuyen_khong_dvctt AS truc_tuyen_khong_dvctt,
       coalesce(m.dung_han_766, 0) + c.dung_han_766 AS dung_han_766,
       coalesce(m.giai_quyet, 0) + c.giai_quyet AS giai_quyet,
       coalesce(m.giai_quyet_bcci, 0) + c.giai_quyet_bcci AS giai_quyet_bcci,
       coalesce(m.giai_quyet_dien_tu, 0) + c.giai_quyet_dien_tu AS giai_quyet_dien_tu,
       coalesce(m.rut_dung, 0) + c.rut_dung AS rut_dung
FROM mart_dossier_counts_delta c
JOIN unnest(%(calendars)s::text[], %(codes)s::text[], %(first_days)s::date[], %(last_days)s::date[])
     WITH ORDINALITY AS p (calendar, period_code, first_day, last_day, n) USING (n)
LEFT JOIN mart.dossier_counts m
       ON m.calendar = p.calendar AND m.period_code = p.period_code AND m.unit_key = c.unit_key
      AND m.procedure_key = c.procedure_key AND m.field_key IS NOT DISTINCT FROM c.field_key;

DELETE FROM mart.dossier_counts m
USING mart_dossier_counts_rows r
WHERE m.calendar = r.calendar AND m.period_code = r.period_code AND m.unit_key = r.unit_key
  AND m.procedure_key = r.procedure_key AND m.field_key IS NOT DISTINCT FROM r.field_key;

INSERT INTO mart.dossier_counts (
    calendar, period_code, period_first_day, period_last_day, unit_key, procedure_key, field_key,
    ho_so_766, nhan_moi, nhan_moi_truc_tuyen, nhan_moi_bcci, truc_tuyen_mot_phan, truc_tuyen_toan_trinh,
    muc_do_toan_trinh, co_phi, co_phi_thanh_toan_truc_tuyen, thanh_toan_truc_tuyen, so_hoa, khong_co_han,
    truc_tuyen_khong_dvctt, dung_han_766, giai_quyet, giai_quyet_bcci, giai_quyet_dien_tu, rut_dung, refreshed_at)
SELECT calendar, period_code, first_day, last_day, unit_key, procedure_key, field_key,
       ho_so_766, nhan_moi, nhan_moi_truc_tuyen, nhan_moi_bcci, truc_tuyen_mot_phan, truc_tuyen_toan_trinh,
       muc_do_toan_trinh, co_phi, co_phi_thanh_toan_truc_tuyen, thanh_toan_truc_tuyen, so_hoa, khong_co_han,
       truc_tuyen_khong_dvctt, dung_han_766, giai_quyet, giai_quyet_bcci, giai_quyet_dien_tu, rut_dung, now()
FROM mart_dossier_counts_rows
WHERE ho_so_766 <> 0 OR rut_dung <> 0;
