-- 0003: reference data with history.
-- dim_unit and dim_procedure keep versions: a version applies on [valid_from, valid_to); the current one has
-- valid_to = 9999-12-31 and the partial unique indexes of 0001 allow one current row per code. A dossier
-- points at the version in force on the day it was received. dw.unit_lineage records reorganisations
-- (old unit -> new unit, share, effective date); dw.unit_restatement maps every unit to the units of today.

ALTER TABLE dw.dim_unit ADD CONSTRAINT dim_unit_validity CHECK (valid_from < valid_to);
ALTER TABLE dw.dim_procedure ADD CONSTRAINT dim_procedure_validity CHECK (valid_from < valid_to);
CREATE UNIQUE INDEX dim_unit_version ON dw.dim_unit (unit_code, valid_from);
CREATE UNIQUE INDEX dim_procedure_version ON dw.dim_procedure (ma_tthc, valid_from);

-- the effective date of each staged reference row (null: the load date / the first version)
ALTER TABLE staging.stg_unit ADD COLUMN hieu_luc_tu date;
ALTER TABLE staging.stg_procedure ADD COLUMN hieu_luc_tu date;

CREATE TABLE staging.stg_unit_lineage (
    row_no           integer NOT NULL,
    ma_dvhc_cu       text,
    ten_don_vi_cu    text,
    ma_dinh_danh_cu  text    NOT NULL,
    ma_dvhc_moi      text,
    ten_don_vi_moi   text,
    ma_dinh_danh_moi text,
    hieu_luc_tu      date    NOT NULL,
    ty_le            numeric(5, 2) NOT NULL,
    can_cu           text
);
COMMENT ON TABLE staging.stg_unit_lineage IS 'Layout of the per-load staging table of a unit reorganisation file (docs/formats.md §5).';

CREATE TABLE dw.unit_lineage (
    old_unit_code  text          NOT NULL,
    new_unit_code  text,
    effective_date date          NOT NULL,
    share_percent  numeric(5, 2) NOT NULL DEFAULT 100 CHECK (share_percent > 0 AND share_percent <= 100),
    legal_basis    text,
    load_id        bigint        NOT NULL,
    CONSTRAINT unit_lineage_once UNIQUE NULLS NOT DISTINCT (old_unit_code, new_unit_code, effective_date)
);
COMMENT ON TABLE dw.unit_lineage IS 'Reorganisations of administrative units (sắp xếp ĐVHC): one row per old unit and new unit. A row without new_unit_code means the old unit was dissolved (giải thể); its own figures stay with it.';
COMMENT ON COLUMN dw.unit_lineage.old_unit_code IS 'Agency code (mã định danh) of the unit that ceased to exist on effective_date; dim_unit.unit_code.';
COMMENT ON COLUMN dw.unit_lineage.new_unit_code IS 'Agency code of the unit that took it over (all or share_percent of it); null when the old unit was dissolved.';
COMMENT ON COLUMN dw.unit_lineage.effective_date IS 'First day of the new unit; the old unit''s last version ends the day before (valid_to = effective_date).';
COMMENT ON COLUMN dw.unit_lineage.share_percent IS 'Share of the old unit''s figures restated onto the new unit, in percent (100 = the whole unit).';
COMMENT ON COLUMN dw.unit_lineage.legal_basis IS 'Legal basis (căn cứ), e.g. Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025.';
COMMENT ON COLUMN dw.unit_lineage.load_id IS 'audit.file_load.load_id of the file that recorded the row.';

-- Every unit code ever seen -> the unit code(s) of today that carry its figures, with the share.
-- Follows lineage through successive reorganisations; a dissolved unit (or one never reorganised) maps to
-- itself with share 1.
CREATE VIEW dw.unit_restatement AS
WITH RECURSIVE chain (unit_code, current_unit_code, share, steps) AS (
    SELECT DISTINCT unit_code, unit_code, 1.0::numeric, 0 FROM dw.dim_unit
    UNION ALL
    SELECT c.unit_code, l.new_unit_code, c.share * l.share_percent / 100, c.steps + 1
    FROM chain c
    JOIN dw.unit_lineage l ON l.old_unit_code = c.current_unit_code AND l.new_unit_code IS NOT NULL
    WHERE c.steps < 10
)
SELECT c.unit_code, c.current_unit_code, c.share
FROM chain c
WHERE NOT EXISTS (SELECT FROM dw.unit_lineage l
                  WHERE l.old_unit_code = c.current_unit_code AND l.new_unit_code IS NOT NULL);
COMMENT ON VIEW dw.unit_restatement IS 'Restating "as the units are today": every unit code -> the current unit code(s) that carry its figures and the share (1 = all). Sum fact measures by current_unit_code, weighted by share.';
COMMENT ON COLUMN dw.unit_restatement.unit_code IS 'Agency code of a unit as it was when the dossier was received (dim_unit.unit_code).';
COMMENT ON COLUMN dw.unit_restatement.current_unit_code IS 'Agency code of the unit of today that carries its figures.';
COMMENT ON COLUMN dw.unit_restatement.share IS 'Share of the figures carried (1 = all; a split unit gives fractions that sum to 1).';

GRANT SELECT ON dw.unit_lineage, dw.unit_restatement TO analyst;

-- the data dictionary, for what changed
COMMENT ON TABLE dw.dim_unit IS 'Administrative unit or agency that handles dossiers (đơn vị xử lý / đơn vị hành chính): province (tỉnh), district (huyện), commune (xã), each linked to its parent. One row per version of a unit (slowly changing, type 2): natural key unit_code plus [valid_from, valid_to); the current version has valid_to = 9999-12-31 and the database allows one current version per code. Units named by dossiers but missing from the unit list are inferred members (is_inferred).';
COMMENT ON COLUMN dw.dim_unit.unit_key IS 'Surrogate key of one version of a unit; fact_dossier.unit_key and dim_unit.parent_unit_key point here.';
COMMENT ON COLUMN dw.dim_unit.parent_unit_key IS 'unit_key of the parent''s version in force on this version''s valid_from, found by parent_gso_code: commune -> district -> province before 1 July 2025, commune -> province after. Null at the top and for inferred members. A dossier is counted once, at the unit that handled it; add children into parents through this key without double counting.';
COMMENT ON COLUMN dw.dim_unit.valid_from IS 'First day this version of the unit applies. 1900-01-01 for the first version of a unit that the unit list gave without a date (it existed before the warehouse knew it).';
COMMENT ON COLUMN dw.dim_unit.valid_to IS 'First day this version no longer applies (exclusive); 9999-12-31 = the current version. A unit ended by a reorganisation has no current version.';
COMMENT ON TABLE dw.dim_procedure IS 'Administrative procedure (thủ tục hành chính, TTHC) of the catalogue (Danh mục TTHC). One row per version (slowly changing, type 2): natural key ma_tthc plus [valid_from, valid_to); the current version has valid_to = 9999-12-31. A dossier is judged by the version in force on the day it was received. Procedures named by dossiers but missing from the catalogue are inferred members (is_inferred) whose catalogue attributes are null.';
COMMENT ON COLUMN dw.dim_procedure.procedure_key IS 'Surrogate key of one version of a procedure; fact_dossier.procedure_key points here.';
COMMENT ON COLUMN dw.dim_procedure.valid_from IS 'First day this version of the procedure applies; the first version of a procedure applies to every earlier day (1900-01-01).';
COMMENT ON COLUMN dw.dim_procedure.valid_to IS 'First day this version no longer applies (exclusive); 9999-12-31 = the current version.';
COMMENT ON COLUMN dw.fact_dossier.unit_key IS 'Handling unit -> dim_unit.unit_key: the version in force on the day of receipt of the dossier''s MaDonVi (else the madonvi of the payload that carried it). May be an inferred member.';
COMMENT ON COLUMN dw.fact_dossier.procedure_key IS 'Procedure (MaTTHC) -> dim_procedure.procedure_key: the version in force on the day of receipt. May be an inferred member.';
COMMENT ON COLUMN dw.fact_dossier.online_level_at_receipt IS 'Online service level (mức độ DVCTT: khong, mot_phan, toan_trinh) of the procedure version in force on the day of receipt; null while the procedure is an inferred member.';
