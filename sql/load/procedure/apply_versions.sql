-- Procedures of a catalogue, kept as versions (natural key: ma_tthc) by staging.apply_versions (migration
-- 0011). A staged row applies from its hieu_luc_tu, or from the load date when the file does not say; the
-- first version of a code applies to every earlier day too (a dossier is judged by the earliest attributes
-- known when none older exist).
CREATE TEMP TABLE procedure_change ON COMMIT DROP AS
SELECT DISTINCT ON (s.ma_tthc)
       s.ma_tthc, coalesce(substring(s.ma_tthc FROM '^\d+\.\d+'), s.ma_tthc) AS ma_tthc_quoc_gia, s.ten_tthc,
       f.field_key, s.cap_thuc_hien, s.muc_do_dvctt, s.lien_thong, s.thoi_han_ngay, s.co_phi, s.hieu_luc_tu,
       coalesce(s.hieu_luc_tu, %(load_date)s::date) AS applies_from, DATE '1900-01-01' AS first_from
FROM stg_procedure s
LEFT JOIN dw.dim_field f ON f.ma_linh_vuc = s.ma_linh_vuc
ORDER BY s.ma_tthc, s.hieu_luc_tu DESC NULLS LAST, s.row_no DESC;

SELECT staging.apply_versions('dw.dim_procedure', 'procedure_change', 'ma_tthc',
                              ARRAY['ma_tthc_quoc_gia', 'ten_tthc', 'field_key', 'cap_thuc_hien', 'muc_do_dvctt',
                                    'lien_thong', 'thoi_han_ngay', 'co_phi']);
