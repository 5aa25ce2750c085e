-- Set-based upsert of the staged dossiers into dw.fact_dossier (natural key ma_ho_so).
-- A later export of a dossier replaces it when its content changed and its latest event is not older
-- than the stored one's; every status change is appended to fact_dossier_status_history.
WITH versioned AS (
    -- the unit and procedure versions in force on the day of receipt (else the code's latest version)
    SELECT s.*,
           coalesce(u.unit_key, (SELECT v.unit_key FROM dw.dim_unit v WHERE v.unit_code = s.ma_don_vi
                                 ORDER BY v.valid_to DESC LIMIT 1)) AS unit_key,
           coalesce(p.procedure_key, (SELECT v.procedure_key FROM dw.dim_procedure v WHERE v.ma_tthc = s.ma_tthc
                                      ORDER BY v.valid_to DESC LIMIT 1)) AS procedure_key
    FROM stg_dossier s
    LEFT JOIN dw.dim_unit u ON u.unit_code = s.ma_don_vi
         AND s.received_at::date >= u.valid_from AND s.received_at::date < u.valid_to
    LEFT JOIN dw.dim_procedure p ON p.ma_tthc = s.ma_tthc
         AND s.received_at::date >= p.valid_from AND s.received_at::date < p.valid_to
), source AS (
    SELECT v.*,
           coalesce(f.field_key, p.field_key) AS field_key,
           p.muc_do_dvctt AS online_level,
           to_char(v.received_at, 'YYYYMMDD')::integer AS received_date_key,
           to_char(v.due_at, 'YYYYMMDD')::integer AS due_date_key,
           to_char(v.finished_at, 'YYYYMMDD')::integer AS finished_date_key
    FROM versioned v
    JOIN dw.dim_procedure p USING (procedure_key)
    LEFT JOIN dw.dim_field f ON f.ma_linh_vuc = v.ma_linh_vuc
), upserted AS (
    INSERT INTO dw.fact_dossier AS fact (
        ma_ho_so, unit_key, procedure_key, field_key, channel_code, channel_given, status_code,
        applicant_type, received_date_key, due_date_key, finished_date_key,
        submitted_at, received_at, due_at, finished_at, returned_at, online_level_at_receipt,
        timeliness, days_taken, fee_amount, has_fee, paid_online, payment_gateway, returned_by_post,
        digitised_input, electronic_result, supplement_count, supplement_wait_days,
        source_event_at, row_hash, first_load_id, last_load_id)
    SELECT ma_ho_so, unit_key, procedure_key, field_key, channel_code, channel_given, status_code,
           applicant_type, received_date_key, due_date_key, finished_date_key,
           submitted_at, received_at, due_at, finished_at, returned_at, online_level,
           timeliness, days_taken, fee_amount, has_fee, paid_online, payment_gateway, returned_by_post,
           digitised_input, electronic_result, supplement_count, supplement_wait_days,
           source_event_at, row_hash, %(load_id)s, %(load_id)s
    FROM source
    ON CONFLICT (ma_ho_so) DO UPDATE SET
        unit_key = EXCLUDED.unit_key,
        procedure_key = EXCLUDED.procedure_key,
        field_key = EXCLUDED.field_key,
        channel_code = EXCLUDED.channel_code,
        channel_given = EXCLUDED.channel_given,
        status_code = EXCLUDED.status_code,
        applicant_type = EXCLUDED.applicant_type,
        received_date_key = EXCLUDED.received_date_key,
        due_date_key = EXCLUDED.due_date_key,
        finished_date_key = EXCLUDED.finished_date_key,
        submitted_at = EXCLUDED.submitted_at,
        received_at = EXCLUDED.received_at,
        due_at = EXCLUDED.due_at,
        finished_at = EXCLUDED.finished_at,
        returned_at = EXCLUDED.returned_at,
        online_level_at_receipt = EXCLUDED.online_level_at_receipt,
        timeliness = EXCLUDED.timeliness,
        days_taken = EXCLUDED.days_taken,
        fee_amount = EXCLUDED.fee_amount,
        has_fee = EXCLUDED.has_fee,
        paid_online = EXCLUDED.paid_online,
        payment_gateway = EXCLUDED.payment_gateway,
        returned_by_post = EXCLUDED.returned_by_post,
        digitised_input = EXCLUDED.digitised_input,
        electronic_result = EXCLUDED.electronic_result,
        supplement_count = EXCLUDED.supplement_count,
        supplement_wait_days = EXCLUDED.supplement_wait_days,
        source_event_at = EXCLUDED.source_event_at,
        row_hash = EXCLUDED.row_hash,
        last_load_id = EXCLUDED.last_load_id,
        updated_at = now()
    WHERE fact.row_hash <> EXCLUDED.row_hash
      -- newer events win; on the same event time a final status beats an open one, else the later load
      AND (fact.source_event_at, fact.status_code IN (3, 7, 8, 9, 10))
          <= (EXCLUDED.source_event_at, EXCLUDED.status_code IN (3, 7, 8, 9, 10))
    RETURNING fact.dossier_key, fact.status_code, fact.source_event_at, (fact.xmax = 0) AS inserted
), history AS (
    INSERT INTO dw.fact_dossier_status_history (dossier_key, status_code, observed_at, load_id)
    SELECT u.dossier_key, u.status_code, u.source_event_at, %(load_id)s
    FROM upserted u
    WHERE u.inserted  -- a new dossier has no history yet; otherwise only a changed status is recorded
       OR u.status_code IS DISTINCT FROM (
        SELECT h.status_code FROM dw.fact_dossier_status_history h
        WHERE h.dossier_key = u.dossier_key
        ORDER BY h.observed_at DESC, h.load_id DESC
        LIMIT 1)
    RETURNING 1
)
SELECT count(*) FILTER (WHERE inserted) AS rows_inserted,
       count(*) FILTER (WHERE NOT inserted) AS rows_updated,
       (SELECT count(*) FROM history) AS status_changes
FROM upserted;
