-- A reorganisation: record old -> new units, and end the old units' current versions on the effective date.
INSERT INTO dw.unit_lineage AS l (old_unit_code, new_unit_code, effective_date, share_percent, legal_basis, load_id)
SELECT DISTINCT ON (ma_dinh_danh_cu, ma_dinh_danh_moi, hieu_luc_tu)
       ma_dinh_danh_cu, ma_dinh_danh_moi, hieu_luc_tu, ty_le, can_cu, %(load_id)s
FROM stg_unit_lineage
ORDER BY ma_dinh_danh_cu, ma_dinh_danh_moi, hieu_luc_tu, row_no DESC
ON CONFLICT ON CONSTRAINT unit_lineage_once DO UPDATE SET
    share_percent = EXCLUDED.share_percent, legal_basis = EXCLUDED.legal_basis, load_id = EXCLUDED.load_id
WHERE (l.share_percent, l.legal_basis) IS DISTINCT FROM (EXCLUDED.share_percent, EXCLUDED.legal_basis);

UPDATE dw.dim_unit u
SET valid_to = s.ends, updated_at = now()
FROM (SELECT ma_dinh_danh_cu, min(hieu_luc_tu) AS ends FROM stg_unit_lineage GROUP BY 1) s
WHERE u.unit_code = s.ma_dinh_danh_cu AND u.valid_to = DATE '9999-12-31' AND u.valid_from < s.ends;
