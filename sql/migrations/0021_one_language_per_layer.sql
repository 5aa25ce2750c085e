-- 0021: one language and one convention per layer (docs/warehouse.md, "Naming").
--   dw (the star) and the grain columns of mart: English snake_case; a natural code is <thing>_code, a name
--   is `name` in its own dimension and <thing>_name elsewhere, a flag is is_/has_, a date is _on or _date_key, a
--   moment _at. Vietnamese stays in code VALUES (level 'xa', timeliness 'dung_han', online level 'toan_trinh')
--   and in comments.
--   A figure of mart (tiep_nhan_tong, nhan_moi, ty_le_truc_tuyen ...) keeps its Vietnamese figure name: it is the
--   report's own wording and the figure names of `cchc explain` are built from it.
--   restricted (personal data) and raw follow dw: the dossier code is dossier_code in every schema, so a join is
--   USING (dossier_code). Only staging, the per-load tables the loader fills from the files, keeps the source's
--   field names (ma_ho_so, ma_tthc ...): the mapping to dw's names is written once, in sql/load.
-- Until now dim_unit.unit_code was English while dim_procedure.ma_tthc was Vietnamese, and fact_dossier mixed
-- both. Views follow the columns they read (PostgreSQL keeps them by position); the columns of the one view that
-- showed a renamed column under its old name (mart.bieu06_rollup) are renamed too. Comments that named an old
-- column are rewritten with the new name.

-- dw.fact_dossier (partitioned: the partitions follow) and its natural-key table
ALTER TABLE dw.fact_dossier RENAME COLUMN ma_ho_so TO dossier_code;
ALTER TABLE dw.fact_dossier_key RENAME COLUMN ma_ho_so TO dossier_code;
ALTER INDEX dw.fact_dossier_ma_ho_so RENAME TO fact_dossier_dossier_code;
DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'dw.fact_dossier'::regclass LOOP
        IF to_regclass(part::text || '_ma_ho_so_idx') IS NOT NULL THEN
            EXECUTE format('ALTER INDEX %s RENAME TO %I', part::text || '_ma_ho_so_idx',
                           split_part(part::text, '.', 2) || '_dossier_code_idx');
        END IF;
    END LOOP;
END
$$;

ALTER TABLE dw.fact_dossier_rating RENAME COLUMN ma_ho_so TO dossier_code;
ALTER TABLE dw.fact_petition RENAME COLUMN ma_pakn TO petition_code;
ALTER TABLE dw.fact_petition RENAME COLUMN ma_ho_so TO dossier_code;
ALTER INDEX dw.fact_petition_ma_pakn_key RENAME TO fact_petition_petition_code_key;

-- dimensions
ALTER TABLE dw.dim_procedure RENAME COLUMN ma_tthc TO procedure_code;
ALTER TABLE dw.dim_procedure RENAME COLUMN ma_tthc_quoc_gia TO national_procedure_code;
ALTER TABLE dw.dim_procedure RENAME COLUMN ten_tthc TO name;
ALTER TABLE dw.dim_procedure RENAME COLUMN cap_thuc_hien TO level;
ALTER TABLE dw.dim_procedure RENAME COLUMN muc_do_dvctt TO online_level;
ALTER TABLE dw.dim_procedure RENAME COLUMN lien_thong TO is_interconnected;
ALTER TABLE dw.dim_procedure RENAME COLUMN thoi_han_ngay TO time_limit_days;
ALTER TABLE dw.dim_procedure RENAME COLUMN co_phi TO has_fee;
ALTER TABLE dw.dim_procedure RENAME CONSTRAINT dim_procedure_cap_thuc_hien_check TO dim_procedure_level_check;
ALTER TABLE dw.dim_procedure RENAME CONSTRAINT dim_procedure_muc_do_dvctt_check TO dim_procedure_online_level_check;

ALTER TABLE dw.dim_field RENAME COLUMN ma_linh_vuc TO field_code;
ALTER TABLE dw.dim_field RENAME COLUMN ten_linh_vuc TO name;
ALTER INDEX dw.dim_field_ma_linh_vuc_key RENAME TO dim_field_field_code_key;

-- personal data and unknown source fields: the same key name as dw
ALTER TABLE restricted.applicant RENAME COLUMN ma_ho_so TO dossier_code;
ALTER TABLE restricted.applicant RENAME COLUMN chu_ho_so TO applicant_name;
ALTER TABLE restricted.applicant RENAME COLUMN so_dien_thoai TO phone;
ALTER TABLE restricted.applicant RENAME COLUMN so_giay_to TO id_number;
ALTER TABLE raw.dossier_extra RENAME COLUMN ma_ho_so TO dossier_code;

-- the lists of a unit's fill-in workbook (migration 0016)
ALTER TABLE dw.report_document RENAME COLUMN so_ky_hieu TO document_number;
ALTER TABLE dw.report_document RENAME COLUMN ngay TO issued_on;
ALTER TABLE dw.report_document RENAME COLUMN loai TO kind;
ALTER TABLE dw.report_document RENAME COLUMN trich_yeu TO summary;
ALTER TABLE dw.report_document RENAME COLUMN muc TO section;
ALTER TABLE dw.report_initiative RENAME COLUMN ten TO name;
ALTER TABLE dw.report_initiative RENAME COLUMN nam_ap_dung TO year_applied;
ALTER TABLE dw.report_initiative RENAME COLUMN ket_qua TO result;
ALTER TABLE dw.report_inspection RENAME COLUMN doi_tuong TO inspected;
ALTER TABLE dw.report_inspection RENAME COLUMN ngay TO inspected_on;
ALTER TABLE dw.report_inspection RENAME COLUMN ton_tai TO findings;
ALTER TABLE dw.report_inspection RENAME COLUMN da_khac_phuc TO remedied;
ALTER TABLE dw.report_inspection RENAME CONSTRAINT report_inspection_ton_tai_check TO report_inspection_findings_check;
ALTER TABLE dw.report_inspection RENAME CONSTRAINT report_inspection_da_khac_phuc_check TO report_inspection_remedied_check;

-- mart: the field of a Biểu 06 row (grain columns, English)
ALTER TABLE mart.bieu06 RENAME COLUMN ma_linh_vuc TO field_code;
ALTER TABLE mart.bieu06 RENAME COLUMN ten_linh_vuc TO field_name;
ALTER VIEW mart.bieu06_rollup RENAME COLUMN ma_linh_vuc TO field_code;
ALTER VIEW mart.bieu06_rollup RENAME COLUMN ten_linh_vuc TO field_name;

-- comments of dw, mart, audit, restricted and raw (tables, views, columns, functions) that named an old column
DO $$
DECLARE
    c record;
    text_after text;
BEGIN
    FOR c IN
        SELECT d.classoid, d.objoid, d.objsubid, d.description
        FROM pg_description d
        LEFT JOIN pg_class r ON d.classoid = 'pg_class'::regclass AND r.oid = d.objoid
        LEFT JOIN pg_proc f ON d.classoid = 'pg_proc'::regclass AND f.oid = d.objoid
        WHERE coalesce(r.relnamespace, f.pronamespace) IN ('dw'::regnamespace, 'mart'::regnamespace, 'audit'::regnamespace,
                                                            'restricted'::regnamespace, 'raw'::regnamespace)
    LOOP
        text_after := c.description;
        text_after := replace(text_after, 'dim_field.ma_linh_vuc', 'dim_field.field_code');
        text_after := replace(text_after, 'dim_field.ten_linh_vuc', 'dim_field.name');
        text_after := replace(text_after, 'muc_do_dvctt toan_trinh', 'online_level toan_trinh');
        text_after := replace(text_after, 'muc_do_dvctt mot_phan', 'online_level mot_phan');
        text_after := replace(text_after, '(cap_thuc_hien)', '(dim_procedure.level)');
        text_after := replace(text_after, 'in the section muc,', 'in its section,');
        text_after := replace(text_after, 'lien_thong false', 'is_interconnected false');
        text_after := replace(text_after, 'lien_thong true', 'is_interconnected true');
        text_after := regexp_replace(text_after, '\mma_ho_so\M', 'dossier_code', 'g');
        text_after := regexp_replace(text_after, '\mma_pakn\M', 'petition_code', 'g');
        text_after := regexp_replace(text_after, '\mma_tthc_quoc_gia\M', 'national_procedure_code', 'g');
        text_after := regexp_replace(text_after, '\mma_tthc\M', 'procedure_code', 'g');
        text_after := regexp_replace(text_after, '\mten_tthc\M', 'name', 'g');
        text_after := regexp_replace(text_after, '\mma_linh_vuc\M', 'field_code', 'g');
        text_after := regexp_replace(text_after, '\mten_linh_vuc\M', 'field_name', 'g');
        text_after := regexp_replace(text_after, '\mthoi_han_ngay\M', 'time_limit_days', 'g');
        text_after := regexp_replace(text_after, '\mco_phi\M', 'has_fee', 'g');
        text_after := regexp_replace(text_after, '\mton_tai\M', 'findings', 'g');
        text_after := regexp_replace(text_after, '\mda_khac_phuc\M', 'remedied', 'g');
        CONTINUE WHEN text_after = c.description;
        IF c.classoid = 'pg_proc'::regclass THEN
            EXECUTE format('COMMENT ON FUNCTION %s IS %L', c.objoid::regprocedure, text_after);
        ELSIF c.objsubid = 0 THEN
            EXECUTE format('COMMENT ON %s %s IS %L',
                           CASE (SELECT relkind FROM pg_class WHERE oid = c.objoid)
                                WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                           c.objoid::regclass, text_after);
        ELSE
            EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', c.objoid::regclass,
                           (SELECT attname FROM pg_attribute WHERE attrelid = c.objoid AND attnum = c.objsubid),
                           text_after);
        END IF;
    END LOOP;
END
$$;
