-- Bring mart.bieu06 (Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP) of report periods up to date, set-based,
-- from the dossiers of the temporary view mart_dossier (sql/marts/dossier_rows.sql): all of dw.fact_dossier when
-- the periods are computed whole (their rows are deleted first), else the difference the changed dossiers make,
-- added to the rows the periods hold. Either way a row ends up with the counts of the latest state of dw, and a
-- row whose total falls to 0 is deleted. Run by etl.marts in one transaction.
-- Parameters: %(whole)s; the periods, as arrays of the same length: %(calendars)s ('hanh_chinh' or 'lich'),
-- %(codes)s (thang:2024-01, nam:2024...), %(first_days)s and %(last_days)s (dates, both included) and the same
-- days as yyyymmdd keys, %(first_keys)s and %(last_keys)s (what the dossiers' days are compared with).
--
-- Counting rules (days are local days, compared as the yyyymmdd keys of dw.fact_dossier):
-- 1. On the form. A dossier is on the period's form when it was received by the last day and is either
--    NEW (nhận mới: received_date_key within [first_day, last_day]) or CARRIED OVER (kỳ trước chuyển qua:
--    received before first_day and not ended before first_day). Statuses 1 (mới đăng ký: submitted, not yet
--    accepted) and 3 (không được tiếp nhận: refused at intake) are not dossiers received for processing and
--    are never on the form.
-- 2. Ended. A dossier has ended when its status is 9/10 (result produced) or 7 (withdrawn by the applicant)
--    or 8 (processing stopped); its end day is finished_date_key, or, when that is null, the local day of
--    source_event_at (DECISION: the latest event the record carries; a final status without any end date
--    would otherwise stay "in progress" for ever). A dossier with another status (2, 4, 5, 6) has not ended,
--    even if it carries a NgayKetThucXuLy. Only the latest state is known (dw keeps no status as of a past
--    day), so past periods are judged with today's end dates: a dossier that ended after a period's last
--    day is in progress in that period.
-- 3. Received (tiếp nhận): trực tuyến = NEW with channel_code 2; trực tiếp + BCCI = NEW with channel_code 1
--    (null KenhThucHien is 1) or 3; kỳ trước = CARRIED OVER, whatever its channel; tổng = the three.
-- 4. Handled (đã giải quyết) = on the form and ended on or before last_day. DECISION: 7 and 8 count as
--    handled: the dossier left processing (as in the 766 rule 2.1 list of ends of processing); leaving them
--    out would drop received dossiers from the form and break tổng = đã + đang.
--    Split as of the end: status 9/10 take fact_dossier.timeliness (end day before / on / after the due
--    day); a 9/10 without a timeliness is judged by its end day against due_date_key, and DECISION: without
--    a due date it is đúng hạn (no deadline, it cannot be late). DECISION: 7 and 8 are always đúng hạn, as
--    the Thanh Hóa Biểu 06 export does (its columns daXuLyVaTraLai / daXuLyDungHanVaTraLai put dossiers
--    returned to the applicant, "trả lại", with the on-time ones; reading trả lại as withdrawn/stopped is
--    our interpretation). Supplement waiting time is not subtracted (as in fact_dossier.timeliness).
-- 5. In progress (đang giải quyết) = on the form and not ended by last_day. Trong hạn when due_date_key is
--    null or on/after last_day; quá hạn when the due day is before last_day.
-- Every dossier on the form is either ended by last_day or not, so it lands in exactly one of đã / đang and
-- the identities (CHECK constraints of mart.bieu06) hold by construction. One row per handling unit version
-- (fact_dossier.unit_key: the version in force on the day of receipt) and field (field_key, null allowed).
-- Lineage: the same counting rules, applied to single dossiers, are in the functions mart.figure_dossiers*
-- (migration 0023: `cchc explain`, the chi-tiet workbook). A change of a rule here needs a migration replacing
-- them; tests/test_figure_lineage.py fails until both agree.

DELETE FROM mart.bieu06 b
USING unnest(%(calendars)s::text[], %(codes)s::text[]) AS p (calendar, period_code)
WHERE %(whole)s AND b.calendar = p.calendar AND b.period_code = p.period_code;

DROP TABLE IF EXISTS mart_bieu06_delta, mart_bieu06_rows;
CREATE TEMP TABLE mart_bieu06_delta ON COMMIT DROP AS  -- per period (its place n in the arrays), unit and field
WITH period AS (
    SELECT p.n, p.first_key, p.last_key
    FROM unnest(%(first_keys)s::integer[], %(last_keys)s::integer[]) WITH ORDINALITY AS p (first_key, last_key, n)
),
on_form AS (
    SELECT p.n, p.last_key, d.sign, d.unit_key, d.field_key, d.channel_code, d.status_code, d.timeliness,
           d.due_date_key, d.end_key,
           d.received_date_key >= p.first_key AS is_new,
           coalesce(d.end_key <= p.last_key, false) AS has_ended
    FROM mart_dossier d
    JOIN period p
      ON d.received_date_key <= p.last_key
     AND (d.received_date_key >= p.first_key OR d.end_key IS NULL OR d.end_key >= p.first_key)
),
classified AS (
    SELECT n, sign, unit_key, field_key, is_new, channel_code, has_ended,
           CASE WHEN NOT has_ended THEN NULL
                WHEN status_code IN (7, 8) THEN 'dung_han'
                WHEN timeliness IS NOT NULL THEN timeliness
                WHEN due_date_key IS NULL THEN 'dung_han'
                WHEN end_key < due_date_key THEN 'truoc_han'
                WHEN end_key = due_date_key THEN 'dung_han'
                ELSE 'qua_han'
           END AS handled_as,
           CASE WHEN has_ended THEN NULL
                WHEN due_date_key IS NULL OR due_date_key >= last_key THEN 'trong_han'
                ELSE 'qua_han'
           END AS open_as
    FROM on_form
)
SELECT n, unit_key, field_key,
       sum(sign) AS tiep_nhan_tong,
       coalesce(sum(sign) FILTER (WHERE is_new AND channel_code = 2), 0) AS tiep_nhan_truc_tuyen,
       coalesce(sum(sign) FILTER (WHERE is_new AND channel_code IN (1, 3)), 0) AS tiep_nhan_truc_tiep_bcci,
       coalesce(sum(sign) FILTER (WHERE NOT is_new), 0) AS tiep_nhan_ky_truoc,
       coalesce(sum(sign) FILTER (WHERE has_ended), 0) AS da_giai_quyet_tong,
       coalesce(sum(sign) FILTER (WHERE handled_as = 'truoc_han'), 0) AS da_giai_quyet_truoc_han,
       coalesce(sum(sign) FILTER (WHERE handled_as = 'dung_han'), 0) AS da_giai_quyet_dung_han,
       coalesce(sum(sign) FILTER (WHERE handled_as = 'qua_han'), 0) AS da_giai_quyet_qua_han,
       coalesce(sum(sign) FILTER (WHERE NOT has_ended), 0) AS dang_giai_quyet_tong,
       coalesce(sum(sign) FILTER (WHERE open_as = 'trong_han'), 0) AS dang_giai_quyet_trong_han,
       coalesce(sum(sign) FILTER (WHERE open_as = 'qua_han'), 0) AS dang_giai_quyet_qua_han
FROM classified
GROUP BY n, unit_key, field_key;
ANALYZE mart_bieu06_delta;

CREATE TEMP TABLE mart_bieu06_rows ON COMMIT DROP AS  -- the rows as they end up: held + difference
SELECT p.calendar, p.period_code, p.first_day, p.last_day, c.unit_key, c.field_key,
       coalesce(b.tiep_nhan_tong, 0) + c.tiep_nhan_tong AS tiep_nhan_tong,
       coalesce(b.tiep_nhan_truc_tuyen, 0) + c.tiep_nhan_truc_tuyen AS tiep_nhan_truc_tuyen,
       coalesce(b.tiep_nhan_truc_tiep_bcci, 0) + c.tiep_nhan_truc_tiep_bcci AS tiep_nhan_truc_tiep_bcci,
       coalesce(b.tiep_nhan_ky_truoc, 0) + c.tiep_nhan_ky_truoc AS tiep_nhan_ky_truoc,
       coalesce(b.da_giai_quyet_tong, 0) + c.da_giai_quyet_tong AS da_giai_quyet_tong,
       coalesce(b.da_giai_quyet_truoc_han, 0) + c.da_giai_quyet_truoc_han AS da_giai_quyet_truoc_han,
       coalesce(b.da_giai_quyet_dung_han, 0) + c.da_giai_quyet_dung_han AS da_giai_quyet_dung_han,
       coalesce(b.da_giai_quyet_qua_han, 0) + c.da_giai_quyet_qua_han AS da_giai_quyet_qua_han,
       coalesce(b.dang_giai_quyet_tong, 0) + c.dang_giai_quyet_tong AS dang_giai_quyet_tong,
       coalesce(b.dang_giai_quyet_trong_han, 0) + c.dang_giai_quyet_trong_han AS dang_giai_quyet_trong_han,
       coalesce(b.dang_giai_quyet_qua_han, 0) + c.dang_giai_quyet_qua_han AS dang_giai_quyet_qua_han
FROM mart_bieu06_delta c
JOIN unnest(%(calendars)s::text[], %(codes)s::text[], %(first_days)s::date[], %(last_days)s::date[])
     WITH ORDINALITY AS p (calendar, period_code, first_day, last_day, n) USING (n)
LEFT JOIN mart.bieu06 b
       ON b.calendar = p.calendar AND b.period_code = p.period_code AND b.unit_key = c.unit_key
      AND b.field_key IS NOT DISTINCT FROM c.field_key;

DELETE FROM mart.bieu06 b
USING mart_bieu06_rows r
WHERE b.calendar = r.calendar AND b.period_code = r.period_code AND b.unit_key = r.unit_key
  AND b.field_key IS NOT DISTINCT FROM r.field_key;

INSERT INTO mart.bieu06 (
    calendar, period_code, period_first_day, period_last_day, unit_key, field_key, field_code, field_name,
    tiep_nhan_tong, tiep_nhan_truc_tuyen, tiep_nhan_truc_tiep_bcci, tiep_nhan_ky_truoc,
    da_giai_quyet_tong, da_giai_quyet_truoc_han, da_giai_quyet_dung_han, da_giai_quyet_qua_han,
    dang_giai_quyet_tong, dang_giai_quyet_trong_han, dang_giai_quyet_qua_han, refreshed_at)
SELECT r.calendar, r.period_code, r.first_day, r.last_day, r.unit_key, r.field_key, fl.field_code, fl.name,
       r.tiep_nhan_tong, r.tiep_nhan_truc_tuyen, r.tiep_nhan_truc_tiep_bcci, r.tiep_nhan_ky_truoc,
       r.da_giai_quyet_tong, r.da_giai_quyet_truoc_han, r.da_giai_quyet_dung_han, r.da_giai_quyet_qua_han,
       r.dang_giai_quyet_tong, r.dang_giai_quyet_trong_han, r.dang_giai_quyet_qua_han, now()
FROM mart_bieu06_rows r
LEFT JOIN dw.dim_field fl ON fl.field_key = r.field_key
WHERE r.tiep_nhan_tong <> 0  -- a row left without dossiers is gone (a negative total would break its CHECK)
ORDER BY r.calendar, r.period_code, r.unit_key, fl.field_code NULLS LAST;

-- the field's code and name as dw.dim_field has them now, also on the rows no change touched
UPDATE mart.bieu06 b
SET field_code = fl.field_code, field_name = fl.name
FROM dw.dim_field fl, unnest(%(calendars)s::text[], %(codes)s::text[]) AS p (calendar, period_code)
WHERE b.calendar = p.calendar AND b.period_code = p.period_code AND fl.field_key = b.field_key
  AND (b.field_code, b.field_name) IS DISTINCT FROM (fl.field_code, fl.name);
