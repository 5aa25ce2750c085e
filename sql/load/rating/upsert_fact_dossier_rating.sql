-- Set-based upsert of the staged ratings into dw.fact_dossier_rating (natural key dossier_code: one rating per
-- dossier, the latest). A rating replaces the stored one when its content changed and it is not older
-- (same time: the later load wins); an older rating changes nothing. A rating of a dossier not (yet) in
-- dw.fact_dossier is kept with dossier_key null (link_rating_dossiers.sql links it when the dossier comes).
WITH upserted AS (
    INSERT INTO dw.fact_dossier_rating AS fact (
        dossier_code, dossier_key, rated_at, rated_date_key, rating_score, rating_text, satisfied, channel,
        row_hash, first_load_id, last_load_id)
    SELECT s.ma_ho_so, f.dossier_key, s.rated_at,
           to_char(s.rated_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer,
           s.rating_score, s.muc_danh_gia, s.satisfied, s.kenh_danh_gia,
           s.row_hash, %(load_id)s, %(load_id)s
    FROM stg_dossier_rating s
    LEFT JOIN dw.fact_dossier f ON f.dossier_code = s.ma_ho_so
    ON CONFLICT (dossier_code) DO UPDATE SET
        dossier_key = coalesce(EXCLUDED.dossier_key, fact.dossier_key),
        rated_at = EXCLUDED.rated_at,
        rated_date_key = EXCLUDED.rated_date_key,
        rating_score = EXCLUDED.rating_score,
        rating_text = EXCLUDED.rating_text,
        satisfied = EXCLUDED.satisfied,
        channel = EXCLUDED.channel,
        row_hash = EXCLUDED.row_hash,
        last_load_id = EXCLUDED.last_load_id,
        updated_at = now()
    WHERE fact.row_hash <> EXCLUDED.row_hash
      AND fact.rated_at <= EXCLUDED.rated_at
    RETURNING (fact.xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS rows_inserted,
       count(*) FILTER (WHERE NOT inserted) AS rows_updated
FROM upserted;
