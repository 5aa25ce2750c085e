-- Set-based upsert of the staged PAKN into dw.fact_petition (natural key ma_pakn).
-- A later export of a PAKN replaces it when its content changed and its latest event (receipt or handling)
-- is not older than the stored one's (same time: the later load wins); an older export changes nothing.
-- No due date given: the 15th working day after the day of receipt (docs/domain.md §1.3, 5.2).
WITH versioned AS (
    -- the unit version in force on the day of receipt (else the code's latest version)
    SELECT s.*,
           coalesce(u.unit_key, (SELECT v.unit_key FROM dw.dim_unit v WHERE v.unit_code = s.ma_don_vi
                                 ORDER BY v.valid_to DESC LIMIT 1)) AS unit_key,
           coalesce(s.due_at, (SELECT d.full_date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
                               FROM dw.dim_date d
                               WHERE d.full_date > (s.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                                 AND d.is_working_day
                               ORDER BY d.full_date OFFSET 14 LIMIT 1)) AS due
    FROM stg_petition s
    LEFT JOIN dw.dim_unit u ON u.unit_code = s.ma_don_vi
         AND (s.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= u.valid_from
         AND (s.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < u.valid_to
), source AS (
    SELECT v.*,
           to_char(v.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer AS received_date_key,
           to_char(v.due AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer AS due_date_key,
           to_char(v.handled_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer AS handled_date_key
    FROM versioned v
), upserted AS (
    INSERT INTO dw.fact_petition AS fact (
        petition_code, unit_key, received_date_key, due_date_key, handled_date_key, received_at, due_at, due_given,
        handled_at, handled_on_time, category, field_name, result, satisfied, dossier_code,
        source_event_at, row_hash, first_load_id, last_load_id)
    SELECT ma_pakn, unit_key, received_date_key, due_date_key, handled_date_key, received_at, due, due_at IS NOT NULL,
           handled_at, CASE WHEN handled_date_key IS NOT NULL THEN handled_date_key <= due_date_key END,
           phan_loai, linh_vuc, ket_qua, satisfied, ma_ho_so,
           source_event_at, row_hash, %(load_id)s, %(load_id)s
    FROM source
    ON CONFLICT (petition_code) DO UPDATE SET
        unit_key = EXCLUDED.unit_key,
        received_date_key = EXCLUDED.received_date_key,
        due_date_key = EXCLUDED.due_date_key,
        handled_date_key = EXCLUDED.handled_date_key,
        received_at = EXCLUDED.received_at,
        due_at = EXCLUDED.due_at,
        due_given = EXCLUDED.due_given,
        handled_at = EXCLUDED.handled_at,
        handled_on_time = EXCLUDED.handled_on_time,
        category = EXCLUDED.category,
        field_name = EXCLUDED.field_name,
        result = EXCLUDED.result,
        satisfied = EXCLUDED.satisfied,
        dossier_code = EXCLUDED.dossier_code,
        source_event_at = EXCLUDED.source_event_at,
        row_hash = EXCLUDED.row_hash,
        last_load_id = EXCLUDED.last_load_id,
        updated_at = now()
    WHERE fact.row_hash <> EXCLUDED.row_hash
      AND fact.source_event_at <= EXCLUDED.source_event_at
    RETURNING (fact.xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS rows_inserted,
       count(*) FILTER (WHERE NOT inserted) AS rows_updated
FROM upserted;
