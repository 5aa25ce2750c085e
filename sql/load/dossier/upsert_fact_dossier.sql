-- Set-based upsert of the staged dossiers into dw.fact_dossier (natural key dossier_code, unique through
-- dw.fact_dossier_key: the fact table is partitioned by year of receipt, migration 0020).
-- A later export of a dossier replaces it when its content changed and its latest event is not older
-- than the stored one's; every status change is appended to fact_dossier_status_history.
-- (A load runs without JIT: etl/load.py.)
-- 1. Hold the fact table before taking keys: a refresh of the marts (sql/marts/lock_for_refresh.sql, SHARE) reads
--    the last dossier_key given out and must not see a key whose row is written after it.
LOCK TABLE dw.fact_dossier IN ROW EXCLUSIVE MODE;
-- 2. A dossier code seen for the first time gets its dossier_key, for good (in code order: two loads that share
--    new codes take them in the same order; known codes draw no number). A code another load is taking waits for
--    that load's end, then is known.
INSERT INTO dw.fact_dossier_key (dossier_code, received_date_key)
SELECT s.ma_ho_so, to_char(s.received_at, 'YYYYMMDD')::integer
FROM stg_dossier s
WHERE NOT EXISTS (SELECT FROM dw.fact_dossier_key k WHERE k.dossier_code = s.ma_ho_so)
ORDER BY s.ma_ho_so
ON CONFLICT (dossier_code) DO NOTHING;
-- 3. Each staged dossier, with its key and its stored row if any (found by the fact table's primary key: one
--    partition): no stored row = inserted, else updated when newer. An update that changes the day of receipt
--    moves the row to its year's partition, and the key table follows it.
WITH versioned AS (
    -- the unit and procedure versions in force on the day of receipt (else the code's latest version)
    SELECT s.*,
           coalesce(u.unit_key, (SELECT v.unit_key FROM dw.dim_unit v WHERE v.unit_code = s.ma_don_vi
                                 ORDER BY v.valid_to DESC LIMIT 1)) AS unit_key,
           coalesce(p.procedure_key, (SELECT v.procedure_key FROM dw.dim_procedure v WHERE v.procedure_code = s.ma_tthc
                                      ORDER BY v.valid_to DESC LIMIT 1)) AS procedure_key
    FROM stg_dossier s
    LEFT JOIN dw.dim_unit u ON u.unit_code = s.ma_don_vi
         AND s.received_at::date >= u.valid_from AND s.received_at::date < u.valid_to
    LEFT JOIN dw.dim_procedure p ON p.procedure_code = s.ma_tthc
         AND s.received_at::date >= p.valid_from AND s.received_at::date < p.valid_to
), source AS (
    SELECT v.*,
           coalesce(f.field_key, p.field_key) AS field_key,
           p.online_level,
           to_char(v.received_at, 'YYYYMMDD')::integer AS received_date_key,
           to_char(v.due_at, 'YYYYMMDD')::integer AS due_date_key,
           to_char(v.finished_at, 'YYYYMMDD')::integer AS finished_date_key,
           k.dossier_key,
           k.received_date_key AS stored_date_key,
           stored.dossier_key IS NULL AS is_new
    FROM versioned v
    JOIN dw.dim_procedure p USING (procedure_key)
    LEFT JOIN dw.dim_field f ON f.field_code = v.ma_linh_vuc
    JOIN dw.fact_dossier_key k ON k.dossier_code = v.ma_ho_so
    LEFT JOIN dw.fact_dossier stored
           ON stored.dossier_key = k.dossier_key AND stored.received_date_key = k.received_date_key
), inserted AS (
    INSERT INTO dw.fact_dossier (
        dossier_key, dossier_code, unit_key, procedure_key, field_key, channel_code, channel_given, status_code,
        applicant_type, received_date_key, due_date_key, finished_date_key,
        submitted_at, received_at, due_at, finished_at, returned_at, online_level_at_receipt,
        timeliness, days_taken, fee_amount, has_fee, paid_online, payment_gateway, returned_by_post,
        digitised_input, electronic_result, supplement_count, supplement_wait_days,
        source_event_at, row_hash, first_load_id, last_load_id)
    SELECT dossier_key, ma_ho_so, unit_key, procedure_key, field_key, channel_code, channel_given, status_code,
           applicant_type, received_date_key, due_date_key, finished_date_key,
           submitted_at, received_at, due_at, finished_at, returned_at, online_level,
           timeliness, days_taken, fee_amount, has_fee, paid_online, payment_gateway, returned_by_post,
           digitised_input, electronic_result, supplement_count, supplement_wait_days,
           source_event_at, row_hash, %(load_id)s, %(load_id)s
    FROM source
    WHERE is_new
    RETURNING dossier_key, dossier_code, status_code, source_event_at, received_date_key, true AS inserted
), updated AS (
    UPDATE dw.fact_dossier AS fact SET
        unit_key = s.unit_key,
        procedure_key = s.procedure_key,
        field_key = s.field_key,
        channel_code = s.channel_code,
        channel_given = s.channel_given,
        status_code = s.status_code,
        applicant_type = s.applicant_type,
        received_date_key = s.received_date_key,
        due_date_key = s.due_date_key,
        finished_date_key = s.finished_date_key,
        submitted_at = s.submitted_at,
        received_at = s.received_at,
        due_at = s.due_at,
        finished_at = s.finished_at,
        returned_at = s.returned_at,
        online_level_at_receipt = s.online_level,
        timeliness = s.timeliness,
        days_taken = s.days_taken,
        fee_amount = s.fee_amount,
        has_fee = s.has_fee,
        paid_online = s.paid_online,
        payment_gateway = s.payment_gateway,
        returned_by_post = s.returned_by_post,
        digitised_input = s.digitised_input,
        electronic_result = s.electronic_result,
        supplement_count = s.supplement_count,
        supplement_wait_days = s.supplement_wait_days,
        source_event_at = s.source_event_at,
        row_hash = s.row_hash,
        last_load_id = %(load_id)s,
        updated_at = now()
    FROM source s
    WHERE NOT s.is_new
      AND fact.dossier_key = s.dossier_key AND fact.received_date_key = s.stored_date_key
      AND fact.row_hash <> s.row_hash
      -- newer events win; on the same event time a final status beats an open one, else the later load
      AND (fact.source_event_at, fact.status_code IN (3, 7, 8, 9, 10))
          <= (s.source_event_at, s.status_code IN (3, 7, 8, 9, 10))
    RETURNING fact.dossier_key, fact.dossier_code, fact.status_code, fact.source_event_at, fact.received_date_key,
              false AS inserted
), upserted AS (
    SELECT * FROM inserted
    UNION ALL
    SELECT * FROM updated
), moved AS (
    -- the key table says which partition each row is in
    UPDATE dw.fact_dossier_key k
    SET received_date_key = u.received_date_key
    FROM upserted u
    WHERE k.dossier_code = u.dossier_code AND k.received_date_key <> u.received_date_key
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
