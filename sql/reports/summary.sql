-- One row of mart.cchc_summary, the columns named as the fields of etl.reports.model.Summary.
SELECT tiep_nhan_tong, tiep_nhan_truc_tuyen, tiep_nhan_truc_tiep, tiep_nhan_bcci, tiep_nhan_ky_truoc,
       da_giai_quyet_tong, da_giai_quyet_truoc_han, da_giai_quyet_dung_han, da_giai_quyet_qua_han,
       dang_giai_quyet_tong, dang_giai_quyet_trong_han, dang_giai_quyet_qua_han, ty_le_giai_quyet_dung_han,
       da_giai_quyet_rut_dung, nhan_moi, ty_le_truc_tuyen, ho_so_truc_tuyen_mot_phan, ty_le_truc_tuyen_mot_phan,
       ho_so_truc_tuyen_toan_trinh, ty_le_truc_tuyen_toan_trinh, ho_so_co_phi, ho_so_thanh_toan_truc_tuyen,
       ty_le_thanh_toan_truc_tuyen, ho_so_chung_thuc, ho_so_so_hoa, ty_le_so_hoa_ho_so, giai_quyet_trong_ky,
       tra_ket_qua_bcci, ket_qua_dien_tu, ty_le_so_hoa_ket_qua, so_tthc, so_linh_vuc, so_tthc_mot_cua,
       so_tthc_lien_thong, so_tthc_toan_trinh, so_tthc_mot_phan, so_tthc_co_ho_so
FROM mart.cchc_summary
WHERE calendar = %(calendar)s AND period_code = %(period_code)s AND unit_code = %(unit_code)s
  AND restated = %(restated)s;
