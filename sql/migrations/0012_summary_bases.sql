-- Reports an office can sign: the figures of mart.cchc_summary say what their bases hold.
-- 1. da_giai_quyet_rut_dung: the dossiers withdrawn by the applicant (status 7) or stopped (8) that Biểu 06
--    counts inside "đã giải quyết" and "đúng hạn" (the provincial system's convention: daXuLyVaTraLai,
--    daXuLyDungHanVaTraLai), so the report can say how many of the resolved were not resolved with a result.
-- 2. Shares can never exceed their base: procedures "with dossiers" are counted in the catalogue set itself
--    (refresh_cchc_summary.sql), and the table checks it with the other parts-within-total constraints.
-- The mart is refreshed from dw: existing rows are dropped rather than back-filled.
DELETE FROM mart.cchc_summary;
ALTER TABLE mart.cchc_summary ADD COLUMN da_giai_quyet_rut_dung numeric NOT NULL DEFAULT 0;
ALTER TABLE mart.cchc_summary ALTER COLUMN da_giai_quyet_rut_dung DROP DEFAULT;
ALTER TABLE mart.cchc_summary ADD CONSTRAINT cchc_summary_bases CHECK (
    da_giai_quyet_rut_dung <= da_giai_quyet_dung_han
    AND so_tthc_co_ho_so <= so_tthc
    AND ho_so_truc_tuyen_mot_phan + ho_so_truc_tuyen_toan_trinh <= nhan_moi
    AND ho_so_chung_thuc <= nhan_moi);
COMMENT ON COLUMN mart.cchc_summary.da_giai_quyet_rut_dung IS 'Of da_giai_quyet_tong (and of da_giai_quyet_dung_han): dossiers withdrawn by the applicant (status 7) or whose processing was stopped (8) that ended in the period; Biểu 06 counts them as handled on time, as the provincial system does (daXuLyVaTraLai).';
COMMENT ON COLUMN mart.cchc_summary.so_tthc_co_ho_so IS 'Of so_tthc (the catalogue in force on the last day for the levels of the scope): procedures with at least one new dossier of the scope in the period. A dossier of a procedure outside that catalogue (expired, another level, or inferred) does not count, so the share is never above 100%.';
