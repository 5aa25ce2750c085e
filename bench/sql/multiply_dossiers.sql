-- Bench only: grow dw.fact_dossier to about %(copies)s times its size with copies of its rows (new codes,
-- same units, procedures, dates and states), so that the marts and report queries meet a province-sized
-- warehouse with the sample's distribution. Each copy gets its dossier_key from the sequence the load uses and
-- its row in dw.fact_dossier_key, as a loaded dossier does (migration 0020).
WITH copied AS (
    INSERT INTO dw.fact_dossier (
        dossier_key, dossier_code, unit_key, procedure_key, field_key, channel_code, channel_given, status_code,
        applicant_type, received_date_key, due_date_key, finished_date_key, submitted_at, received_at, due_at,
        finished_at, returned_at, online_level_at_receipt, timeliness, days_taken, fee_amount, has_fee, paid_online,
        payment_gateway, returned_by_post, digitised_input, electronic_result, supplement_count,
        supplement_wait_days, source_event_at, row_hash, first_load_id, last_load_id)
    SELECT nextval('dw.fact_dossier_dossier_key_seq'), f.dossier_code || '-B' || g, f.unit_key, f.procedure_key,
           f.field_key, f.channel_code, f.channel_given, f.status_code, f.applicant_type, f.received_date_key,
           f.due_date_key, f.finished_date_key, f.submitted_at, f.received_at, f.due_at, f.finished_at,
           f.returned_at, f.online_level_at_receipt, f.timeliness, f.days_taken, f.fee_amount, f.has_fee,
           f.paid_online, f.payment_gateway, f.returned_by_post, f.digitised_input, f.electronic_result,
           f.supplement_count, f.supplement_wait_days, f.source_event_at, f.row_hash, f.first_load_id,
           f.last_load_id
    FROM dw.fact_dossier f
    CROSS JOIN generate_series(1, %(copies)s - 1) AS g
    WHERE f.dossier_code NOT LIKE '%%-B%%'
    RETURNING dossier_code, dossier_key, received_date_key
)
INSERT INTO dw.fact_dossier_key (dossier_code, dossier_key, received_date_key)
SELECT dossier_code, dossier_key, received_date_key FROM copied;
