-- Procedures of the catalogue; completes inferred members, updates changed attributes in place.
INSERT INTO dw.dim_procedure AS p (ma_tthc, ma_tthc_quoc_gia, ten_tthc, field_key, cap_thuc_hien, muc_do_dvctt,
                                   lien_thong, thoi_han_ngay, co_phi, is_inferred)
SELECT DISTINCT ON (s.ma_tthc)
       s.ma_tthc, coalesce(substring(s.ma_tthc FROM '^\d+\.\d+'), s.ma_tthc), s.ten_tthc, f.field_key,
       s.cap_thuc_hien, s.muc_do_dvctt, s.lien_thong, s.thoi_han_ngay, s.co_phi, false
FROM stg_procedure s
LEFT JOIN dw.dim_field f ON f.ma_linh_vuc = s.ma_linh_vuc
ORDER BY s.ma_tthc, s.row_no DESC
ON CONFLICT (ma_tthc) WHERE valid_to = DATE '9999-12-31' DO UPDATE SET
    ten_tthc = EXCLUDED.ten_tthc,
    field_key = EXCLUDED.field_key,
    cap_thuc_hien = EXCLUDED.cap_thuc_hien,
    muc_do_dvctt = EXCLUDED.muc_do_dvctt,
    lien_thong = EXCLUDED.lien_thong,
    thoi_han_ngay = EXCLUDED.thoi_han_ngay,
    co_phi = EXCLUDED.co_phi,
    is_inferred = false,
    updated_at = now()
WHERE p.is_inferred
   OR (p.ten_tthc, p.field_key, p.cap_thuc_hien, p.muc_do_dvctt, p.lien_thong, p.thoi_han_ngay, p.co_phi)
      IS DISTINCT FROM (EXCLUDED.ten_tthc, EXCLUDED.field_key, EXCLUDED.cap_thuc_hien, EXCLUDED.muc_do_dvctt,
                        EXCLUDED.lien_thong, EXCLUDED.thoi_han_ngay, EXCLUDED.co_phi);
