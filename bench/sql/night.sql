-- Bench only: one night's load as the marts see it, on the warehouse grown by multiply_dossiers.sql, dated
-- %(night)s (a local day): about %(changed)s of the dossiers change and %(added)s more are received.
-- 1. Results produced earlier (status 9) are returned to the applicant that night (status 10, returned_at), the
--    latest first, so that with step 2 the changed dossiers are %(changed)s of all.
-- 2. Every open dossier (status 2, 4, 5 or 6) ends that night with its result returned (status 10), its
--    timeliness judged against its due day.
-- 3. New dossiers received that night: copies of those received on the latest day (new codes), in progress
--    (status 4), due ten days later.
-- Changes go through UPDATE and INSERT on dw.fact_dossier as a load's upsert does (its trigger logs the old rows);
-- a new dossier takes its key from the load's sequence and its row in dw.fact_dossier_key (migration 0020).
UPDATE dw.fact_dossier f
SET status_code = 10, returned_at = (%(night)s::date + time '16:00') AT TIME ZONE 'Asia/Ho_Chi_Minh', updated_at = now()
WHERE f.dossier_key IN (
    SELECT dossier_key FROM dw.fact_dossier WHERE status_code = 9
    ORDER BY finished_date_key DESC, dossier_key
    LIMIT greatest(0, (SELECT round(count(*) * %(changed)s)::bigint FROM dw.fact_dossier)
                      - (SELECT count(*) FROM dw.fact_dossier WHERE status_code IN (2, 4, 5, 6))));

UPDATE dw.fact_dossier f
SET status_code = 10,
    finished_at = n.at, returned_at = n.at, finished_date_key = n.day_key,
    timeliness = CASE WHEN f.due_date_key IS NULL THEN NULL WHEN n.day_key < f.due_date_key THEN 'truoc_han'
                      WHEN n.day_key = f.due_date_key THEN 'dung_han' ELSE 'qua_han' END,
    days_taken = round(extract(epoch FROM n.at - f.received_at) / 86400, 2),
    source_event_at = greatest(f.source_event_at, n.at), updated_at = now()
FROM (SELECT (%(night)s::date + time '16:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS at,
             to_char(%(night)s::date, 'YYYYMMDD')::integer AS day_key) n
WHERE f.status_code IN (2, 4, 5, 6);

WITH copied AS (
    INSERT INTO dw.fact_dossier (
        dossier_key, dossier_code, unit_key, procedure_key, field_key, channel_code, channel_given, status_code,
        applicant_type, received_date_key, due_date_key, finished_date_key, submitted_at, received_at, due_at,
        finished_at, returned_at, online_level_at_receipt, timeliness, days_taken, fee_amount, has_fee, paid_online,
        payment_gateway, returned_by_post, digitised_input, electronic_result, supplement_count,
        supplement_wait_days, source_event_at, row_hash, first_load_id, last_load_id)
    SELECT nextval('dw.fact_dossier_dossier_key_seq'), f.dossier_code || '-N' || to_char(%(night)s::date, 'YYMMDD') || '-' || g, f.unit_key, f.procedure_key,
           f.field_key, f.channel_code, f.channel_given, 4, f.applicant_type, n.day_key,
           to_char(n.at + interval '10 days', 'YYYYMMDD')::integer, NULL, n.at, n.at, n.at + interval '10 days',
           NULL, NULL, f.online_level_at_receipt, NULL, NULL, f.fee_amount, f.has_fee, f.paid_online,
           f.payment_gateway, f.returned_by_post, f.digitised_input, false, 0, NULL, n.at, f.row_hash,
           f.first_load_id, f.last_load_id
    FROM dw.fact_dossier f
    CROSS JOIN (SELECT (%(night)s::date + time '09:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS at,
                       to_char(%(night)s::date, 'YYYYMMDD')::integer AS day_key) n
    CROSS JOIN generate_series(1, greatest(1, ceil((SELECT count(*) * %(added)s FROM dw.fact_dossier)
                                                   / (SELECT count(*) FROM dw.fact_dossier
                                                      WHERE received_date_key = (SELECT max(received_date_key)
                                                                                 FROM dw.fact_dossier)))::integer)) AS g
    WHERE f.received_date_key = (SELECT max(received_date_key) FROM dw.fact_dossier)
      AND f.status_code NOT IN (1, 3)
    RETURNING dossier_code, dossier_key, received_date_key
)
INSERT INTO dw.fact_dossier_key (dossier_code, dossier_key, received_date_key)
SELECT dossier_code, dossier_key, received_date_key FROM copied;
