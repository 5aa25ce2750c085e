-- Personal data goes to the restricted schema only, and only from the rows upsert_fact_dossier took: a dossier
-- whose stored version is newer (its latest event is later) keeps the applicant data of that version too.
INSERT INTO restricted.applicant AS a (ma_ho_so, chu_ho_so, so_dien_thoai, email, so_giay_to, last_load_id)
SELECT s.ma_ho_so, s.chu_ho_so, s.so_dien_thoai, s.email, s.so_giay_to, %(load_id)s
FROM stg_dossier s
JOIN dw.fact_dossier f ON f.ma_ho_so = s.ma_ho_so AND f.last_load_id = %(load_id)s
WHERE coalesce(s.chu_ho_so, s.so_dien_thoai, s.email, s.so_giay_to) IS NOT NULL
ON CONFLICT (ma_ho_so) DO UPDATE SET
    chu_ho_so = EXCLUDED.chu_ho_so,
    so_dien_thoai = EXCLUDED.so_dien_thoai,
    email = EXCLUDED.email,
    so_giay_to = EXCLUDED.so_giay_to,
    last_load_id = EXCLUDED.last_load_id,
    updated_at = now()
WHERE (a.chu_ho_so, a.so_dien_thoai, a.email, a.so_giay_to)
      IS DISTINCT FROM (EXCLUDED.chu_ho_so, EXCLUDED.so_dien_thoai, EXCLUDED.email, EXCLUDED.so_giay_to);
