-- Refresh mart.bieu06 (Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP) for one report period: delete the
-- period's rows, then insert them again, set-based, from the latest state of dw.fact_dossier.
-- Parameters: %(calendar)s ('hanh_chinh' or 'lich'), %(period_code)s (thang:2024-01, nam:2024...),
-- %(first_day)s and %(last_day)s (dates, both included). Run by etl.marts.refresh_bieu06 in one transaction.
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

DELETE FROM mart.bieu06 WHERE calendar = %(calendar)s AND period_code = %(period_code)s;

INSERT INTO mart.bieu06 (
    calendar, period_code, period_first_day, period_last_day, unit_key, field_key, ma_linh_vuc, ten_linh_vuc,
    tiep_nhan_tong, tiep_nhan_truc_tuyen, tiep_nhan_truc_tiep_bcci, tiep_nhan_ky_truoc,
    da_giai_quyet_tong, da_giai_quyet_truoc_han, da_giai_quyet_dung_han, da_giai_quyet_qua_han,
    dang_giai_quyet_tong, dang_giai_quyet_trong_han, dang_giai_quyet_qua_han, refreshed_at)
WITH bounds AS (
    SELECT to_char(%(first_day)s::date, 'YYYYMMDD')::integer AS first_key,
           to_char(%(last_day)s::date, 'YYYYMMDD')::integer AS last_key
),
dossier AS (
    SELECT f.unit_key, f.field_key, f.channel_code, f.status_code, f.timeliness, f.received_date_key,
           f.due_date_key,
           CASE WHEN f.status_code IN (7, 8, 9, 10)
                THEN coalesce(f.finished_date_key,
                              to_char(f.source_event_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer)
           END AS end_key
    FROM dw.fact_dossier f
    WHERE f.status_code NOT IN (1, 3)
),
on_form AS (
    SELECT d.*,
           d.received_date_key >= b.first_key AS is_new,
           coalesce(d.end_key <= b.last_key, false) AS has_ended,
           b.last_key
    FROM dossier d
    CROSS JOIN bounds b
    WHERE d.received_date_key <= b.last_key
      AND (d.received_date_key >= b.first_key OR d.end_key IS NULL OR d.end_key >= b.first_key)
),
classified AS (
    SELECT unit_key, field_key, is_new, channel_code, has_ended,
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
),
counted AS (
    SELECT unit_key, field_key,
           count(*) AS tiep_nhan_tong,
           count(*) FILTER (WHERE is_new AND channel_code = 2) AS tiep_nhan_truc_tuyen,
           count(*) FILTER (WHERE is_new AND channel_code IN (1, 3)) AS tiep_nhan_truc_tiep_bcci,
           count(*) FILTER (WHERE NOT is_new) AS tiep_nhan_ky_truoc,
           count(*) FILTER (WHERE has_ended) AS da_giai_quyet_tong,
           count(*) FILTER (WHERE handled_as = 'truoc_han') AS da_giai_quyet_truoc_han,
           count(*) FILTER (WHERE handled_as = 'dung_han') AS da_giai_quyet_dung_han,
           count(*) FILTER (WHERE handled_as = 'qua_han') AS da_giai_quyet_qua_han,
           count(*) FILTER (WHERE NOT has_ended) AS dang_giai_quyet_tong,
           count(*) FILTER (WHERE open_as = 'trong_han') AS dang_giai_quyet_trong_han,
           count(*) FILTER (WHERE open_as = 'qua_han') AS dang_giai_quyet_qua_han
    FROM classified
    GROUP BY unit_key, field_key
)
SELECT %(calendar)s, %(period_code)s, %(first_day)s::date, %(last_day)s::date, c.unit_key, c.field_key,
       fl.ma_linh_vuc, fl.ten_linh_vuc,
       c.tiep_nhan_tong, c.tiep_nhan_truc_tuyen, c.tiep_nhan_truc_tiep_bcci, c.tiep_nhan_ky_truoc,
       c.da_giai_quyet_tong, c.da_giai_quyet_truoc_han, c.da_giai_quyet_dung_han, c.da_giai_quyet_qua_han,
       c.dang_giai_quyet_tong, c.dang_giai_quyet_trong_han, c.dang_giai_quyet_qua_han, now()
FROM counted c
LEFT JOIN dw.dim_field fl ON fl.field_key = c.field_key
ORDER BY c.unit_key, fl.ma_linh_vuc NULLS LAST;
