-- Procedures of a catalogue, kept as versions (natural key: procedure_code) by staging.apply_versions (migration
-- 0011). A staged row applies from its hieu_luc_tu, or from the load date when the file does not say; the
-- first version of a code applies to every earlier day too (a dossier is judged by the earliest attributes
-- known when none older exist).
CREATE TEMP TABLE procedure_change ON COMMIT DROP AS
SELECT DISTINCT ON (s.ma_tthc)
       s.ma_tthc AS procedure_code,
       coalesce(substring(s.ma_tthc FROM '^\d+\.\d+'), s.ma_tthc) AS national_procedure_code, s.ten_tthc AS name,
       f.field_key, s.cap_thuc_hien AS level, s.muc_do_dvctt AS online_level, s.lien_thong AS is_interconnected,
       s.thoi_han_ngay AS time_limit_days, s.co_phi AS has_fee, s.hieu_luc_tu,
       coalesce(s.hieu_luc_tu, %(load_date)s::date) AS applies_from, DATE '1900-01-01' AS first_from
FROM stg_procedure s
LEFT JOIN dw.dim_field f ON f.field_code = s.ma_linh_vuc
ORDER BY s.ma_tthc, s.hieu_luc_tu DESC NULLS LAST, s.row_no DESC;

SELECT staging.apply_versions('dw.dim_procedure', 'procedure_change', 'procedure_code',
                              ARRAY['national_procedure_code', 'name', 'field_key', 'level', 'online_level',
                                    'is_interconnected', 'time_limit_days', 'has_fee']);
