-- Personal data goes to the restricted schema only, and only from the rows upsert_fact_dossier took: a dossier
-- whose stored version is newer (its latest event is later) keeps the applicant data of that version too.
INSERT INTO restricted.applicant AS a (dossier_code, applicant_name, phone, email, id_number, last_load_id)
SELECT s.ma_ho_so, s.chu_ho_so, s.so_dien_thoai, s.email, s.so_giay_to, %(load_id)s
FROM stg_dossier s
JOIN dw.fact_dossier f ON f.dossier_code = s.ma_ho_so AND f.last_load_id = %(load_id)s
WHERE coalesce(s.chu_ho_so, s.so_dien_thoai, s.email, s.so_giay_to) IS NOT NULL
ON CONFLICT (dossier_code) DO UPDATE SET
    applicant_name = EXCLUDED.applicant_name,
    phone = EXCLUDED.phone,
    email = EXCLUDED.email,
    id_number = EXCLUDED.id_number,
    last_load_id = EXCLUDED.last_load_id,
    updated_at = now()
WHERE (a.applicant_name, a.phone, a.email, a.id_number)
      IS DISTINCT FROM (EXCLUDED.applicant_name, EXCLUDED.phone, EXCLUDED.email, EXCLUDED.id_number);
