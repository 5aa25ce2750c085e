-- Procedures of a catalogue, kept as versions (natural key: ma_tthc). A staged row applies from its
-- hieu_luc_tu, or from the load date when the file does not say.
--   1. a row that restates what is already known changes nothing: an undated row equal to any version,
--      a dated row equal to the version in force on its date (re-loading a file is a no-op);
--   2. an inferred member is completed in place;
--   3. a change dated after the start of the current version ends it there and opens a new version;
--   4. any other change corrects the version in force on its date, in place;
--   5. a code seen for the first time opens its first version, which applies to every earlier day too
--      (a dossier is judged by the earliest attributes known when none older exist).
CREATE TEMP TABLE procedure_change ON COMMIT DROP AS
SELECT DISTINCT ON (s.ma_tthc)
       s.ma_tthc, coalesce(substring(s.ma_tthc FROM '^\d+\.\d+'), s.ma_tthc) AS ma_tthc_quoc_gia, s.ten_tthc,
       f.field_key, s.cap_thuc_hien, s.muc_do_dvctt, s.lien_thong, s.thoi_han_ngay, s.co_phi, s.hieu_luc_tu,
       coalesce(s.hieu_luc_tu, %(load_date)s::date) AS applies_from
FROM stg_procedure s
LEFT JOIN dw.dim_field f ON f.ma_linh_vuc = s.ma_linh_vuc
ORDER BY s.ma_tthc, s.hieu_luc_tu DESC NULLS LAST, s.row_no DESC;

DELETE FROM procedure_change c
USING dw.dim_procedure p
WHERE p.ma_tthc = c.ma_tthc AND NOT p.is_inferred
  AND (c.hieu_luc_tu IS NULL OR (c.applies_from >= p.valid_from AND c.applies_from < p.valid_to))
  AND (p.ten_tthc, p.field_key, p.cap_thuc_hien, p.muc_do_dvctt, p.lien_thong, p.thoi_han_ngay, p.co_phi)
      IS NOT DISTINCT FROM (c.ten_tthc, c.field_key, c.cap_thuc_hien, c.muc_do_dvctt, c.lien_thong, c.thoi_han_ngay, c.co_phi);

WITH completed AS (
    UPDATE dw.dim_procedure p
    SET ten_tthc = c.ten_tthc, field_key = c.field_key, cap_thuc_hien = c.cap_thuc_hien, muc_do_dvctt = c.muc_do_dvctt,
        lien_thong = c.lien_thong, thoi_han_ngay = c.thoi_han_ngay, co_phi = c.co_phi, is_inferred = false,
        updated_at = now()
    FROM procedure_change c
    WHERE p.ma_tthc = c.ma_tthc AND p.is_inferred
    RETURNING p.ma_tthc
)
DELETE FROM procedure_change WHERE ma_tthc IN (SELECT ma_tthc FROM completed);

UPDATE dw.dim_procedure p
SET valid_to = c.applies_from, updated_at = now()
FROM procedure_change c
WHERE p.ma_tthc = c.ma_tthc AND p.valid_to = DATE '9999-12-31' AND NOT p.is_inferred
  AND c.applies_from > p.valid_from;

UPDATE dw.dim_procedure p
SET ten_tthc = c.ten_tthc, field_key = c.field_key, cap_thuc_hien = c.cap_thuc_hien, muc_do_dvctt = c.muc_do_dvctt,
    lien_thong = c.lien_thong, thoi_han_ngay = c.thoi_han_ngay, co_phi = c.co_phi, updated_at = now()
FROM procedure_change c
WHERE p.ma_tthc = c.ma_tthc AND c.applies_from >= p.valid_from AND c.applies_from < p.valid_to
  AND (p.ten_tthc, p.field_key, p.cap_thuc_hien, p.muc_do_dvctt, p.lien_thong, p.thoi_han_ngay, p.co_phi)
      IS DISTINCT FROM (c.ten_tthc, c.field_key, c.cap_thuc_hien, c.muc_do_dvctt, c.lien_thong, c.thoi_han_ngay, c.co_phi);

INSERT INTO dw.dim_procedure (ma_tthc, ma_tthc_quoc_gia, ten_tthc, field_key, cap_thuc_hien, muc_do_dvctt,
                              lien_thong, thoi_han_ngay, co_phi, valid_from)
SELECT c.ma_tthc, c.ma_tthc_quoc_gia, c.ten_tthc, c.field_key, c.cap_thuc_hien, c.muc_do_dvctt, c.lien_thong,
       c.thoi_han_ngay, c.co_phi,
       CASE WHEN EXISTS (SELECT FROM dw.dim_procedure o WHERE o.ma_tthc = c.ma_tthc) THEN c.applies_from
            ELSE DATE '1900-01-01' END
FROM procedure_change c
WHERE NOT EXISTS (SELECT FROM dw.dim_procedure p WHERE p.ma_tthc = c.ma_tthc AND p.valid_to = DATE '9999-12-31');
