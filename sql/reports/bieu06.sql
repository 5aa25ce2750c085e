-- The lines of a unit's Biểu 06 (the unit and every unit below it), one per field, ordered by field code;
-- dossiers of an unknown field last. The report adds the total line.
SELECT ma_linh_vuc, coalesce(ten_linh_vuc, 'Lĩnh vực chưa xác định') AS ten_linh_vuc,
       tiep_nhan_tong, tiep_nhan_truc_tuyen, tiep_nhan_truc_tiep_bcci, tiep_nhan_ky_truoc,
       da_giai_quyet_tong, da_giai_quyet_truoc_han, da_giai_quyet_dung_han, da_giai_quyet_qua_han,
       dang_giai_quyet_tong, dang_giai_quyet_trong_han, dang_giai_quyet_qua_han
FROM mart.bieu06_rollup
WHERE calendar = %(calendar)s AND period_code = %(period_code)s AND unit_code = %(unit_code)s
  AND restated = %(restated)s
ORDER BY ma_linh_vuc NULLS LAST;
