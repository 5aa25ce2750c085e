-- Units named by a PAKN list but not (yet) in the unit list: add an inferred member, completed later when
-- the unit list arrives (as infer_dim_unit.sql does for dossiers).
INSERT INTO dw.dim_unit (unit_code, name, is_inferred)
SELECT DISTINCT ON (s.ma_don_vi) s.ma_don_vi, coalesce(s.don_vi_xu_ly, 'Đơn vị ' || s.ma_don_vi), true
FROM stg_petition s
WHERE NOT EXISTS (
    SELECT FROM dw.dim_unit u WHERE u.unit_code = s.ma_don_vi  -- no version at all
)
ORDER BY s.ma_don_vi, s.row_no DESC
ON CONFLICT (unit_code) WHERE valid_to = DATE '9999-12-31' DO NOTHING;
