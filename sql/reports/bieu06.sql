-- The lines of a unit's Biểu 06 (the unit and every unit below it, mart.unit_rollup), grouped as column 2 of the
-- form, "Lĩnh vực, công việc giải quyết theo cấp", groups them (docs/domain.md §2.1):
-- 1. by the level of the handling unit version (dw.dim_unit.level: tỉnh, huyện, xã in that order, unknown last),
--    with a heading line per level when the form holds more than one level (the report numbers them I, II, III);
-- 2. within a level, by handling unit (agency) only where one field name comes from different field codes at
--    different units of that level (two agencies, each with its own code for the field): a heading per agency;
--    otherwise the units of a level are summed per field ("theo cấp": a district's communes are not listed);
-- 3. then one line per field NAME of the group: codes with the same name in one group are one line, their codes
--    listed in field_code (the demo province's Lý lịch tư pháp, TP-LLTP until 30/6/2025 and CA-LLTP after,
--    both at UBND tỉnh); ordered by field code, dossiers of an unknown field last.
-- Heading lines (kind 'level' / 'agency') carry their group's subtotal; nhom names the group of every line (null
-- on a form of one group). The report adds the total line: the sum of the 'field' lines.
-- Lineage: the same counting rules, applied to single dossiers, are in the functions mart.figure_dossiers*
-- (migration 0023: `cchc explain`, the chi-tiet workbook). A change of a rule here needs a migration replacing
-- them; tests/test_figure_lineage.py fails until both agree.
WITH counted AS (
    SELECT CASE u.level WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 WHEN 'xa' THEN 3 ELSE 4 END AS level_order,
           u.unit_code, u.valid_from,
           CASE WHEN u.kind IS NULL THEN u.name  -- a department: "Sở Tư pháp"; a local government: "UBND huyện Hậu Lộc"
                ELSE 'UBND ' || lower(u.kind) || ' ' || CASE WHEN starts_with(lower(u.name), lower(u.kind) || ' ')
                                                            THEN substr(u.name, length(u.kind) + 2) ELSE u.name END
           END AS agency,
           b.field_code, coalesce(b.field_name, 'Lĩnh vực chưa xác định') AS field_name,
           b.tiep_nhan_tong * r.share AS tiep_nhan_tong,
           b.tiep_nhan_truc_tuyen * r.share AS tiep_nhan_truc_tuyen,
           b.tiep_nhan_truc_tiep_bcci * r.share AS tiep_nhan_truc_tiep_bcci,
           b.tiep_nhan_ky_truoc * r.share AS tiep_nhan_ky_truoc,
           b.da_giai_quyet_tong * r.share AS da_giai_quyet_tong,
           b.da_giai_quyet_truoc_han * r.share AS da_giai_quyet_truoc_han,
           b.da_giai_quyet_dung_han * r.share AS da_giai_quyet_dung_han,
           b.da_giai_quyet_qua_han * r.share AS da_giai_quyet_qua_han,
           b.dang_giai_quyet_tong * r.share AS dang_giai_quyet_tong,
           b.dang_giai_quyet_trong_han * r.share AS dang_giai_quyet_trong_han,
           b.dang_giai_quyet_qua_han * r.share AS dang_giai_quyet_qua_han
    FROM mart.bieu06 b
    JOIN mart.unit_rollup r ON r.unit_key = b.unit_key
    JOIN dw.dim_unit u ON u.unit_key = b.unit_key
    WHERE b.calendar = %(calendar)s AND b.period_code = %(period_code)s AND r.ancestor_unit_code = %(unit_code)s
      AND r.restated = %(restated)s
),
levels AS (
    SELECT level_order,
           CASE level_order WHEN 1 THEN 'Cấp tỉnh' WHEN 2 THEN 'Cấp huyện' WHEN 3 THEN 'Cấp xã'
                ELSE 'Đơn vị chưa xác định cấp' END AS level_name,
           count(*) OVER () > 1 AS headed,
           level_order IN (SELECT level_order FROM counted GROUP BY level_order, field_name
                           HAVING count(DISTINCT field_code) > 1 AND count(DISTINCT unit_code) > 1) AS by_agency
    FROM (SELECT DISTINCT level_order FROM counted) l
),
agencies AS (  -- a unit's name as its latest version in the period writes it
    SELECT DISTINCT ON (unit_code) unit_code, agency FROM counted ORDER BY unit_code, valid_from DESC
),
fields AS (
    SELECT c.level_order, l.level_name, l.headed, CASE WHEN l.by_agency THEN a.agency END AS agency,
           string_agg(DISTINCT c.field_code, ', ' ORDER BY c.field_code) AS field_code,
           min(c.field_code) AS first_code, c.field_name,
           sum(c.tiep_nhan_tong) AS tiep_nhan_tong, sum(c.tiep_nhan_truc_tuyen) AS tiep_nhan_truc_tuyen,
           sum(c.tiep_nhan_truc_tiep_bcci) AS tiep_nhan_truc_tiep_bcci,
           sum(c.tiep_nhan_ky_truoc) AS tiep_nhan_ky_truoc,
           sum(c.da_giai_quyet_tong) AS da_giai_quyet_tong, sum(c.da_giai_quyet_truoc_han) AS da_giai_quyet_truoc_han,
           sum(c.da_giai_quyet_dung_han) AS da_giai_quyet_dung_han,
           sum(c.da_giai_quyet_qua_han) AS da_giai_quyet_qua_han,
           sum(c.dang_giai_quyet_tong) AS dang_giai_quyet_tong,
           sum(c.dang_giai_quyet_trong_han) AS dang_giai_quyet_trong_han,
           sum(c.dang_giai_quyet_qua_han) AS dang_giai_quyet_qua_han
    FROM counted c
    JOIN levels l USING (level_order)
    JOIN agencies a USING (unit_code)
    GROUP BY c.level_order, l.level_name, l.headed, CASE WHEN l.by_agency THEN a.agency END, c.field_name
),
grouped AS (
    SELECT f.*, nullif(concat_ws(' – ', CASE WHEN headed THEN level_name END, agency), '') AS nhom FROM fields f
),
lines AS (
    SELECT level_order, agency, 2 AS place, first_code, field_code, field_name,
           tiep_nhan_tong, tiep_nhan_truc_tuyen, tiep_nhan_truc_tiep_bcci, tiep_nhan_ky_truoc,
           da_giai_quyet_tong, da_giai_quyet_truoc_han, da_giai_quyet_dung_han, da_giai_quyet_qua_han,
           dang_giai_quyet_tong, dang_giai_quyet_trong_han, dang_giai_quyet_qua_han, 'field' AS kind, nhom
    FROM grouped
    UNION ALL
    SELECT level_order, NULL, 0, NULL, NULL, level_name,
           sum(tiep_nhan_tong), sum(tiep_nhan_truc_tuyen), sum(tiep_nhan_truc_tiep_bcci), sum(tiep_nhan_ky_truoc),
           sum(da_giai_quyet_tong), sum(da_giai_quyet_truoc_han), sum(da_giai_quyet_dung_han),
           sum(da_giai_quyet_qua_han), sum(dang_giai_quyet_tong), sum(dang_giai_quyet_trong_han),
           sum(dang_giai_quyet_qua_han), 'level', level_name
    FROM grouped WHERE headed
    GROUP BY level_order, level_name
    UNION ALL
    SELECT level_order, agency, 1, NULL, NULL, agency,
           sum(tiep_nhan_tong), sum(tiep_nhan_truc_tuyen), sum(tiep_nhan_truc_tiep_bcci), sum(tiep_nhan_ky_truoc),
           sum(da_giai_quyet_tong), sum(da_giai_quyet_truoc_han), sum(da_giai_quyet_dung_han),
           sum(da_giai_quyet_qua_han), sum(dang_giai_quyet_tong), sum(dang_giai_quyet_trong_han),
           sum(dang_giai_quyet_qua_han), 'agency', nhom
    FROM grouped WHERE agency IS NOT NULL
    GROUP BY level_order, agency, nhom
)
SELECT field_code, field_name,
       tiep_nhan_tong, tiep_nhan_truc_tuyen, tiep_nhan_truc_tiep_bcci, tiep_nhan_ky_truoc,
       da_giai_quyet_tong, da_giai_quyet_truoc_han, da_giai_quyet_dung_han, da_giai_quyet_qua_han,
       dang_giai_quyet_tong, dang_giai_quyet_trong_han, dang_giai_quyet_qua_han, kind, nhom
FROM lines
ORDER BY level_order, agency NULLS FIRST, place, first_code NULLS LAST, field_name;
