-- 0022: the analyst layer (docs/warehouse.md, "The analyst layer" and "Connecting a BI tool").
--
-- 1. Foreign keys from the facts to the dimensions, so that BI tools (Metabase, Superset) offer the joins and the
--    database itself refuses a fact row that points nowhere. Until now the loader alone guaranteed the keys (0001).
--    Every key the loader writes is in its dimension: unit and procedure keys come from joins with the dimension
--    (inferred members are added before the facts), codes of status and channel from the validation rules, and
--    every *_date_key is the local day of a date the validation rules keep within dw.dim_date (2015-2035: a row
--    with a date outside it is quarantined, "ngoài lịch"; a PAKN's computed due day is taken from dw.dim_date
--    itself, else null). Nothing deletes a dimension row: a unit or procedure load adds versions and repoints
--    facts to them, an inferred member is completed in place.
--    Not given one: fact_dossier_status_history.dossier_key and fact_dossier_rating.dossier_key. Their only
--    possible target is dw.fact_dossier_key (the partitioned fact table's primary key holds received_date_key),
--    a table that grows with every load; PostgreSQL checks a foreign key with a plan it caches per connection,
--    and the plan made while that table is small (the first files of a first load) scans it whole for every
--    row: measured on the 20,000-dossier sample, the load of the dossier files went from 12.6 s to 20 s, and
--    the cost grows with the square of a backfill. The load writes both keys itself, from the key table.
--    PostgreSQL cannot add a NOT VALID foreign key to a partitioned table, so each key is checked on the rows
--    already there; a warehouse holding a row that points nowhere is refused with the count per key (fix the
--    rows, then upgrade again) rather than migrated with a promise that is not true.
-- 2. Views for people and BI tools, in mart (SELECT granted to analyst), none of which reads restricted:
--      mart.unit_chain       each unit version with every unit above it (depth, level): the parent chain
--      mart.unit_detail      each unit version flat: its level, parent, district and province, its current version
--      mart.dossier_detail   one row per dw.fact_dossier row, with codes, names and local dates
--      mart.petition_detail  one row per dw.fact_petition row, likewise
--      mart.rating_detail    one row per dw.fact_dossier_rating row, with its dossier's unit, procedure and field
--    They are security_invoker views: they read dw with the privileges of whoever queries them.

-- ---------------------------------------------------------------- 1. foreign keys
DO $$
DECLARE
    keys text[] := ARRAY[
        ['dw.fact_dossier', 'unit_key', 'dw.dim_unit', 'unit_key'],
        ['dw.fact_dossier', 'procedure_key', 'dw.dim_procedure', 'procedure_key'],
        ['dw.fact_dossier', 'field_key', 'dw.dim_field', 'field_key'],
        ['dw.fact_dossier', 'channel_code', 'dw.dim_channel', 'channel_code'],
        ['dw.fact_dossier', 'status_code', 'dw.dim_status', 'status_code'],
        ['dw.fact_dossier', 'received_date_key', 'dw.dim_date', 'date_key'],
        ['dw.fact_dossier', 'due_date_key', 'dw.dim_date', 'date_key'],
        ['dw.fact_dossier', 'finished_date_key', 'dw.dim_date', 'date_key'],
        ['dw.fact_dossier_status_history', 'status_code', 'dw.dim_status', 'status_code'],
        ['dw.fact_petition', 'unit_key', 'dw.dim_unit', 'unit_key'],
        ['dw.fact_petition', 'received_date_key', 'dw.dim_date', 'date_key'],
        ['dw.fact_petition', 'due_date_key', 'dw.dim_date', 'date_key'],
        ['dw.fact_petition', 'handled_date_key', 'dw.dim_date', 'date_key'],
        ['dw.fact_dossier_rating', 'rated_date_key', 'dw.dim_date', 'date_key']];
    i integer;
    n bigint;
    orphans text := '';
BEGIN
    BEGIN
        FOR i IN 1 .. array_length(keys, 1) LOOP
            -- named <table>_<column>_fkey, as PostgreSQL names a foreign key by default
            EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES %s (%I)',
                           keys[i][1], split_part(keys[i][1], '.', 2) || '_' || keys[i][2] || '_fkey',
                           keys[i][2], keys[i][3], keys[i][4]);
        END LOOP;
    EXCEPTION WHEN foreign_key_violation THEN
        FOR i IN 1 .. array_length(keys, 1) LOOP
            EXECUTE format('SELECT count(*) FROM %s f WHERE f.%I IS NOT NULL '
                           'AND NOT EXISTS (SELECT FROM %s d WHERE d.%I = f.%I)',
                           keys[i][1], keys[i][2], keys[i][3], keys[i][4], keys[i][2]) INTO n;
            IF n > 0 THEN
                orphans := orphans || format(E'\n  %s.%s: %s rows not in %s', keys[i][1], keys[i][2], n, keys[i][3]);
            END IF;
        END LOOP;
        RAISE EXCEPTION 'the warehouse holds fact rows whose keys point nowhere:%', orphans
            USING HINT = 'Every key a load writes is in its dimension: these rows were written otherwise. '
                         'Correct or delete them, then run `cchc db upgrade` again.';
    END;
END
$$;

-- ---------------------------------------------------------------- 2. views
CREATE VIEW mart.unit_chain WITH (security_invoker = true) AS
WITH RECURSIVE chain (unit_key, ancestor_key, depth, path) AS (
    SELECT u.unit_key, u.unit_key, 0, ARRAY[u.unit_key] FROM dw.dim_unit u
    UNION ALL
    SELECT c.unit_key, a.parent_unit_key, c.depth + 1, c.path || a.parent_unit_key
    FROM chain c
    JOIN dw.dim_unit a ON a.unit_key = c.ancestor_key
    WHERE a.parent_unit_key IS NOT NULL AND a.parent_unit_key <> ALL (c.path)
)
SELECT c.unit_key, u.unit_code, u.name AS unit_name, u.level AS unit_level, u.valid_from, u.valid_to,
       c.depth, c.ancestor_key AS ancestor_unit_key, a.unit_code AS ancestor_unit_code,
       a.gso_code AS ancestor_gso_code, a.name AS ancestor_name, a.level AS ancestor_level
FROM chain c
JOIN dw.dim_unit u ON u.unit_key = c.unit_key
JOIN dw.dim_unit a ON a.unit_key = c.ancestor_key;

COMMENT ON VIEW mart.unit_chain IS 'The parent chain of every unit version (dw.dim_unit): one row per unit version and each unit above it, itself included at depth 0, following dim_unit.parent_unit_key (each version points at its parent''s version in force on the day it starts). Before 1 July 2025 a commune''s chain is xã -> huyện -> tỉnh; a commune of a version starting later hangs directly under the province (xã -> tỉnh). Inferred units (not in the unit list) have only their depth-0 row. Filter ancestor_level to find the district or the province of a unit.';
COMMENT ON COLUMN mart.unit_chain.unit_key IS 'The unit version -> dw.dim_unit.unit_key (fact_dossier.unit_key, fact_petition.unit_key point at such versions).';
COMMENT ON COLUMN mart.unit_chain.unit_code IS 'Agency code (mã định danh) of the unit version, dw.dim_unit.unit_code.';
COMMENT ON COLUMN mart.unit_chain.unit_name IS 'Name of the unit version (dw.dim_unit.name).';
COMMENT ON COLUMN mart.unit_chain.unit_level IS 'Level of the unit version: tinh, huyen or xa (dw.dim_unit.level); null for an inferred unit.';
COMMENT ON COLUMN mart.unit_chain.valid_from IS 'First day the unit version applies (dw.dim_unit.valid_from).';
COMMENT ON COLUMN mart.unit_chain.valid_to IS 'First day the unit version no longer applies (exclusive); 9999-12-31 = current (dw.dim_unit.valid_to).';
COMMENT ON COLUMN mart.unit_chain.depth IS 'Steps from the unit version up to the ancestor: 0 = the unit itself, 1 = its parent, 2 = its grandparent.';
COMMENT ON COLUMN mart.unit_chain.ancestor_unit_key IS 'The ancestor''s version -> dw.dim_unit.unit_key: the version the chain reaches through parent_unit_key.';
COMMENT ON COLUMN mart.unit_chain.ancestor_unit_code IS 'Agency code (mã định danh) of the ancestor.';
COMMENT ON COLUMN mart.unit_chain.ancestor_gso_code IS 'GSO administrative unit code (mã ĐVHC) of the ancestor; null for an inferred unit.';
COMMENT ON COLUMN mart.unit_chain.ancestor_name IS 'Name of the ancestor''s version.';
COMMENT ON COLUMN mart.unit_chain.ancestor_level IS 'Level of the ancestor: tinh, huyen or xa; null for an inferred unit.';

CREATE VIEW mart.unit_detail WITH (security_invoker = true) AS
SELECT u.unit_key, u.unit_code, u.gso_code, u.name, u.level, u.kind, u.is_inferred, u.valid_from, u.valid_to,
       u.valid_to = DATE '9999-12-31' AS is_current,
       p.unit_key AS parent_unit_key, p.unit_code AS parent_unit_code, p.name AS parent_name, p.level AS parent_level,
       d.unit_key AS district_unit_key, d.unit_code AS district_code, d.name AS district_name,
       t.unit_key AS province_unit_key, t.unit_code AS province_code, t.name AS province_name,
       cur.unit_key AS current_unit_key
FROM dw.dim_unit u
LEFT JOIN dw.dim_unit p ON p.unit_key = u.parent_unit_key
LEFT JOIN (
    SELECT c.unit_key,
           (array_agg(c.ancestor_unit_key ORDER BY c.depth) FILTER (WHERE c.ancestor_level = 'huyen'))[1] AS district_key,
           (array_agg(c.ancestor_unit_key ORDER BY c.depth) FILTER (WHERE c.ancestor_level = 'tinh'))[1] AS province_key
    FROM mart.unit_chain c
    GROUP BY c.unit_key
) up ON up.unit_key = u.unit_key
LEFT JOIN dw.dim_unit d ON d.unit_key = up.district_key
LEFT JOIN dw.dim_unit t ON t.unit_key = up.province_key
LEFT JOIN dw.dim_unit cur ON cur.unit_code = u.unit_code AND cur.valid_to = DATE '9999-12-31';

COMMENT ON VIEW mart.unit_detail IS 'Every unit version (dw.dim_unit) flat, with its level and its parent chain read from the data (mart.unit_chain), never guessed: the parent, the district (the unit itself or the nearest unit above it of level huyen) and the province (likewise, level tinh), and the current version of the same unit code. A commune of a version starting on or after 1 July 2025 hangs directly under the province: its district is null. One row per unit_key.';
COMMENT ON COLUMN mart.unit_detail.unit_key IS 'The unit version -> dw.dim_unit.unit_key.';
COMMENT ON COLUMN mart.unit_detail.unit_code IS 'Agency code (mã định danh cơ quan), e.g. 000.35.27.H56: the MaDonVi of dossiers. Several versions may share it.';
COMMENT ON COLUMN mart.unit_detail.gso_code IS 'GSO administrative unit code (mã ĐVHC); null for an inferred unit.';
COMMENT ON COLUMN mart.unit_detail.name IS 'Name of the unit version (tên đơn vị).';
COMMENT ON COLUMN mart.unit_detail.level IS 'Level (cấp) of the unit version: tinh = province, huyen = district, xa = commune; null for an inferred unit (not in the unit list).';
COMMENT ON COLUMN mart.unit_detail.kind IS 'Kind as written in the unit list: Tỉnh, Huyện, Thị xã, Thành phố, Xã, Phường, Thị trấn; null for an inferred unit.';
COMMENT ON COLUMN mart.unit_detail.is_inferred IS 'True while the unit is known only from dossiers (not in the unit list): no level and no parent.';
COMMENT ON COLUMN mart.unit_detail.valid_from IS 'First day the version applies.';
COMMENT ON COLUMN mart.unit_detail.valid_to IS 'First day the version no longer applies (exclusive); 9999-12-31 = current.';
COMMENT ON COLUMN mart.unit_detail.is_current IS 'True for the current version of the unit (valid_to = 9999-12-31).';
COMMENT ON COLUMN mart.unit_detail.parent_unit_key IS 'The parent''s version -> dw.dim_unit.unit_key (dim_unit.parent_unit_key); null at the top and for an inferred unit.';
COMMENT ON COLUMN mart.unit_detail.parent_unit_code IS 'Agency code of the parent unit.';
COMMENT ON COLUMN mart.unit_detail.parent_name IS 'Name of the parent unit''s version.';
COMMENT ON COLUMN mart.unit_detail.parent_level IS 'Level of the parent: huyen for a commune before 1 July 2025, tinh for a district, and for a commune from 1 July 2025.';
COMMENT ON COLUMN mart.unit_detail.district_unit_key IS 'The district''s version -> dw.dim_unit.unit_key: the unit itself when its level is huyen, else the nearest unit above it of level huyen; null when the chain has none (the province and its agencies, a commune under the province from 1 July 2025, an inferred unit).';
COMMENT ON COLUMN mart.unit_detail.district_code IS 'Agency code of the district (see district_unit_key); null when the chain has no district.';
COMMENT ON COLUMN mart.unit_detail.district_name IS 'Name of the district''s version; null when the chain has no district.';
COMMENT ON COLUMN mart.unit_detail.province_unit_key IS 'The province''s version -> dw.dim_unit.unit_key: the unit itself when its level is tinh, else the nearest unit above it of level tinh; null for an inferred unit.';
COMMENT ON COLUMN mart.unit_detail.province_code IS 'Agency code of the province; null for an inferred unit.';
COMMENT ON COLUMN mart.unit_detail.province_name IS 'Name of the province; null for an inferred unit.';
COMMENT ON COLUMN mart.unit_detail.current_unit_key IS 'The current version of the same unit code -> dw.dim_unit.unit_key (the version itself when is_current); null when the unit no longer exists (ended by a reorganisation: dw.unit_restatement says which units of today carry its figures).';

CREATE VIEW mart.dossier_detail WITH (security_invoker = true) AS
SELECT f.dossier_key,
       f.dossier_code,
       f.received_date_key,
       f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS received_at_local,
       (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS received_on,
       f.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS submitted_at_local,
       f.due_date_key,
       f.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS due_at_local,
       (f.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS due_on,
       f.finished_date_key,
       f.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS finished_at_local,
       (f.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS finished_on,
       f.returned_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS returned_at_local,
       f.unit_key,
       u.unit_code,
       u.name AS unit_name,
       u.level AS unit_level,
       u.is_inferred AS unit_is_inferred,
       u.parent_unit_code,
       u.parent_name AS parent_unit_name,
       u.parent_level AS parent_unit_level,
       u.district_code,
       u.district_name,
       u.province_code,
       u.province_name,
       u.current_unit_key IS NOT NULL AS unit_exists_today,
       t.name AS unit_name_today,
       t.level AS unit_level_today,
       t.parent_unit_code AS parent_unit_code_today,
       t.parent_name AS parent_unit_name_today,
       t.parent_level AS parent_unit_level_today,
       t.district_code AS district_code_today,
       t.district_name AS district_name_today,
       t.province_code AS province_code_today,
       t.province_name AS province_name_today,
       f.procedure_key,
       p.procedure_code,
       p.national_procedure_code,
       pc.name AS procedure_name,
       p.is_inferred AS procedure_is_inferred,
       f.field_key,
       fl.field_code,
       fl.name AS field_name,
       f.channel_code,
       ch.name AS channel_name,
       f.channel_given,
       f.online_level_at_receipt,
       f.status_code,
       st.name AS status_name,
       st.is_final,
       st.is_resolved,
       f.applicant_type,
       f.timeliness,
       CASE f.timeliness WHEN 'truoc_han' THEN 'Trước hạn' WHEN 'dung_han' THEN 'Đúng hạn'
                         WHEN 'qua_han' THEN 'Quá hạn' END AS timeliness_name,
       f.timeliness IN ('truoc_han', 'dung_han') AS is_on_time,
       f.days_taken,
       f.fee_amount,
       f.has_fee,
       f.paid_online,
       f.payment_gateway,
       f.returned_by_post,
       f.digitised_input,
       f.electronic_result,
       f.supplement_count,
       f.supplement_wait_days
FROM dw.fact_dossier f
LEFT JOIN mart.unit_detail u ON u.unit_key = f.unit_key
LEFT JOIN mart.unit_detail t ON t.unit_key = u.current_unit_key
LEFT JOIN dw.dim_procedure p ON p.procedure_key = f.procedure_key
LEFT JOIN (SELECT DISTINCT ON (v.procedure_code) v.procedure_code, v.name
           FROM dw.dim_procedure v
           ORDER BY v.procedure_code, v.valid_to DESC) pc ON pc.procedure_code = p.procedure_code
LEFT JOIN dw.dim_field fl ON fl.field_key = f.field_key
LEFT JOIN dw.dim_channel ch ON ch.channel_code = f.channel_code
LEFT JOIN dw.dim_status st ON st.status_code = f.status_code;

COMMENT ON VIEW mart.dossier_detail IS 'Dossiers flat, for people and BI tools: one row per row of dw.fact_dossier (same count), with the natural codes and names of its unit, procedure and field, local dates and times (Asia/Ho_Chi_Minh) next to the date keys, and the names of its channel, status and timeliness. The unit is given twice: as of receipt (the version in force on the day of receipt, fact_dossier.unit_key, with its parent, district and province then) and as of today (the current version of the same unit code; null when the unit no longer exists). A procedure is named by the name of its CURRENT version, so grouping by procedure_code never splits a procedure across its versions. No personal data: nothing of restricted is read.';
COMMENT ON COLUMN mart.dossier_detail.dossier_key IS 'Surrogate key of the dossier -> dw.fact_dossier.dossier_key.';
COMMENT ON COLUMN mart.dossier_detail.dossier_code IS 'Dossier code (mã hồ sơ, MaHoSo), unique: one row per dossier.';
COMMENT ON COLUMN mart.dossier_detail.received_date_key IS 'Local day of receipt as yyyymmdd -> dw.dim_date.date_key (the day that puts a dossier in a period).';
COMMENT ON COLUMN mart.dossier_detail.received_at_local IS 'When the dossier was received (ngày tiếp nhận, else ngày nộp), local time Asia/Ho_Chi_Minh, without time zone.';
COMMENT ON COLUMN mart.dossier_detail.received_on IS 'Local day of receipt (the date of received_date_key).';
COMMENT ON COLUMN mart.dossier_detail.submitted_at_local IS 'When the applicant submitted the dossier (ngày nộp hồ sơ), local time; null if not sent.';
COMMENT ON COLUMN mart.dossier_detail.due_date_key IS 'Local due day as yyyymmdd -> dw.dim_date.date_key; null without a due date.';
COMMENT ON COLUMN mart.dossier_detail.due_at_local IS 'Promised return date (ngày hẹn trả), local time; null if not sent.';
COMMENT ON COLUMN mart.dossier_detail.due_on IS 'Local due day (the date of due_date_key); null without a due date.';
COMMENT ON COLUMN mart.dossier_detail.finished_date_key IS 'Local day processing ended as yyyymmdd -> dw.dim_date.date_key; null while not finished.';
COMMENT ON COLUMN mart.dossier_detail.finished_at_local IS 'End of processing (ngày kết thúc xử lý, for status 9/10 without it the return date), local time; null while not finished.';
COMMENT ON COLUMN mart.dossier_detail.finished_on IS 'Local day processing ended (the date of finished_date_key); null while not finished.';
COMMENT ON COLUMN mart.dossier_detail.returned_at_local IS 'When the result was returned (ngày trả kết quả), local time; null if not sent.';
COMMENT ON COLUMN mart.dossier_detail.unit_key IS 'Handling unit as of receipt -> dw.dim_unit.unit_key (mart.unit_detail.unit_key): the version in force on the day of receipt.';
COMMENT ON COLUMN mart.dossier_detail.unit_code IS 'Agency code of the handling unit (mã định danh, MaDonVi).';
COMMENT ON COLUMN mart.dossier_detail.unit_name IS 'Name of the handling unit as of receipt.';
COMMENT ON COLUMN mart.dossier_detail.unit_level IS 'Level of the handling unit as of receipt: tinh, huyen or xa; null for an inferred unit.';
COMMENT ON COLUMN mart.dossier_detail.unit_is_inferred IS 'True while the handling unit is known only from dossiers (not in the unit list): no level, parent, district or province.';
COMMENT ON COLUMN mart.dossier_detail.parent_unit_code IS 'Agency code of the handling unit''s parent as of receipt; null at the top and for an inferred unit.';
COMMENT ON COLUMN mart.dossier_detail.parent_unit_name IS 'Name of the parent as of receipt.';
COMMENT ON COLUMN mart.dossier_detail.parent_unit_level IS 'Level of the parent as of receipt: huyen (a commune before 1 July 2025) or tinh (a district; a commune from 1 July 2025).';
COMMENT ON COLUMN mart.dossier_detail.district_code IS 'Agency code of the district (huyện) as of receipt: the unit itself when it is a district, else the nearest unit of level huyen above it; null when there is none (the province''s agencies, a commune under the province from 1 July 2025), never guessed.';
COMMENT ON COLUMN mart.dossier_detail.district_name IS 'Name of the district as of receipt; null when there is none.';
COMMENT ON COLUMN mart.dossier_detail.province_code IS 'Agency code of the province (tỉnh) as of receipt; null for an inferred unit.';
COMMENT ON COLUMN mart.dossier_detail.province_name IS 'Name of the province as of receipt; null for an inferred unit.';
COMMENT ON COLUMN mart.dossier_detail.unit_exists_today IS 'True when the handling unit''s code has a current version; false for a unit ended by a reorganisation (its *_today columns are null: dw.unit_restatement says which units of today carry its figures).';
COMMENT ON COLUMN mart.dossier_detail.unit_name_today IS 'Name of the current version of the handling unit; null when the unit no longer exists.';
COMMENT ON COLUMN mart.dossier_detail.unit_level_today IS 'Level of the current version of the handling unit; null when the unit no longer exists.';
COMMENT ON COLUMN mart.dossier_detail.parent_unit_code_today IS 'Agency code of the current version''s parent; null when the unit no longer exists or has no parent.';
COMMENT ON COLUMN mart.dossier_detail.parent_unit_name_today IS 'Name of the current version''s parent.';
COMMENT ON COLUMN mart.dossier_detail.parent_unit_level_today IS 'Level of the current version''s parent.';
COMMENT ON COLUMN mart.dossier_detail.district_code_today IS 'Agency code of the district of the current version (as district_code); null when there is none or the unit no longer exists.';
COMMENT ON COLUMN mart.dossier_detail.district_name_today IS 'Name of the district of the current version.';
COMMENT ON COLUMN mart.dossier_detail.province_code_today IS 'Agency code of the province of the current version; null when the unit no longer exists.';
COMMENT ON COLUMN mart.dossier_detail.province_name_today IS 'Name of the province of the current version.';
COMMENT ON COLUMN mart.dossier_detail.procedure_key IS 'Procedure version in force on the day of receipt -> dw.dim_procedure.procedure_key.';
COMMENT ON COLUMN mart.dossier_detail.procedure_code IS 'Procedure code (mã TTHC, MaTTHC), the same for every version of the procedure: group by it.';
COMMENT ON COLUMN mart.dossier_detail.national_procedure_code IS 'National procedure code (mã TTHC quốc gia), e.g. 1.004616.';
COMMENT ON COLUMN mart.dossier_detail.procedure_name IS 'Name of the procedure''s CURRENT version (tên TTHC), the same on every dossier of the procedure_code whatever version it was received under.';
COMMENT ON COLUMN mart.dossier_detail.procedure_is_inferred IS 'True while the procedure is known only from dossiers (not in the catalogue).';
COMMENT ON COLUMN mart.dossier_detail.field_key IS 'Field -> dw.dim_field.field_key; null when unknown.';
COMMENT ON COLUMN mart.dossier_detail.field_code IS 'Field code (mã lĩnh vực); null when unknown.';
COMMENT ON COLUMN mart.dossier_detail.field_name IS 'Field name (tên lĩnh vực); null when unknown.';
COMMENT ON COLUMN mart.dossier_detail.channel_code IS 'Submission channel -> dw.dim_channel: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích (a null KenhThucHien counts as 1, see channel_given).';
COMMENT ON COLUMN mart.dossier_detail.channel_name IS 'Name of the channel: Trực tiếp, Trực tuyến, Bưu chính công ích.';
COMMENT ON COLUMN mart.dossier_detail.channel_given IS 'False when the source gave no channel and channel_code was set to 1 by rule.';
COMMENT ON COLUMN mart.dossier_detail.online_level_at_receipt IS 'Online service level (mức độ DVCTT) of the procedure version in force on the day of receipt: khong, mot_phan, toan_trinh; null while the procedure is inferred.';
COMMENT ON COLUMN mart.dossier_detail.status_code IS 'Latest known status -> dw.dim_status, 1-10.';
COMMENT ON COLUMN mart.dossier_detail.status_name IS 'Name of the status (tên trạng thái), e.g. Đã trả kết quả.';
COMMENT ON COLUMN mart.dossier_detail.is_final IS 'True when processing has ended: status 3, 7, 8, 9 or 10.';
COMMENT ON COLUMN mart.dossier_detail.is_resolved IS 'True when a result was produced (đã giải quyết): status 9 or 10.';
COMMENT ON COLUMN mart.dossier_detail.applicant_type IS 'Applicant type: 1 công dân, 2 doanh nghiệp; null if not sent. No personal data of the applicant is in this view.';
COMMENT ON COLUMN mart.dossier_detail.timeliness IS 'On-time class (tiến độ) of a resolved dossier, by local calendar day: truoc_han, dung_han, qua_han; null when not judged (open, statuses 3/7/8, or no due date).';
COMMENT ON COLUMN mart.dossier_detail.timeliness_name IS 'The on-time class in words: Trước hạn, Đúng hạn, Quá hạn; null when not judged.';
COMMENT ON COLUMN mart.dossier_detail.is_on_time IS 'True when timeliness is truoc_han or dung_han, false when qua_han, null when not judged. On-time rate = count(*) FILTER (WHERE is_on_time) / count(timeliness).';
COMMENT ON COLUMN mart.dossier_detail.days_taken IS 'Calendar days from receipt to the end of processing (2 decimals); null while not finished. Not working days.';
COMMENT ON COLUMN mart.dossier_detail.fee_amount IS 'Fees and charges (phí, lệ phí) in đồng; null when the source gave none.';
COMMENT ON COLUMN mart.dossier_detail.has_fee IS 'True when fee_amount > 0.';
COMMENT ON COLUMN mart.dossier_detail.paid_online IS 'True when paid online (thanh toán trực tuyến).';
COMMENT ON COLUMN mart.dossier_detail.payment_gateway IS 'Where it was paid online: 1 Cổng DVCQG, 2 provincial or ministry gateway; null when not paid online or not said.';
COMMENT ON COLUMN mart.dossier_detail.returned_by_post IS 'True when the result is returned by post (trả kết quả qua bưu chính công ích).';
COMMENT ON COLUMN mart.dossier_detail.digitised_input IS 'True when a dossier component was digitised (số hóa).';
COMMENT ON COLUMN mart.dossier_detail.electronic_result IS 'True when an electronic result was issued (kết quả điện tử).';
COMMENT ON COLUMN mart.dossier_detail.supplement_count IS 'Number of supplement requests (yêu cầu bổ sung); 0 if none.';
COMMENT ON COLUMN mart.dossier_detail.supplement_wait_days IS 'Calendar days spent waiting for supplements (2 decimals); null when unknown.';

CREATE VIEW mart.petition_detail WITH (security_invoker = true) AS
SELECT f.petition_key,
       f.petition_code,
       f.received_date_key,
       f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS received_at_local,
       (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS received_on,
       f.due_date_key,
       f.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS due_at_local,
       (f.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS due_on,
       f.due_given,
       f.handled_date_key,
       f.handled_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS handled_at_local,
       (f.handled_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS handled_on,
       f.handled_on_time,
       f.unit_key,
       u.unit_code,
       u.name AS unit_name,
       u.level AS unit_level,
       u.is_inferred AS unit_is_inferred,
       u.parent_unit_code,
       u.parent_name AS parent_unit_name,
       u.parent_level AS parent_unit_level,
       u.district_code,
       u.district_name,
       u.province_code,
       u.province_name,
       u.current_unit_key IS NOT NULL AS unit_exists_today,
       t.name AS unit_name_today,
       t.level AS unit_level_today,
       t.parent_unit_code AS parent_unit_code_today,
       t.parent_name AS parent_unit_name_today,
       t.parent_level AS parent_unit_level_today,
       t.district_code AS district_code_today,
       t.district_name AS district_name_today,
       t.province_code AS province_code_today,
       t.province_name AS province_name_today,
       f.category,
       f.field_name,
       f.result,
       f.satisfied,
       f.dossier_code
FROM dw.fact_petition f
LEFT JOIN mart.unit_detail u ON u.unit_key = f.unit_key
LEFT JOIN mart.unit_detail t ON t.unit_key = u.current_unit_key;

COMMENT ON VIEW mart.petition_detail IS 'Citizen feedback (phản ánh, kiến nghị, PAKN) flat: one row per row of dw.fact_petition (same count), with its unit as of receipt and as of today (as in mart.dossier_detail) and local dates and times (Asia/Ho_Chi_Minh) next to the date keys. No personal data: the sender and the text of a PAKN are not in the warehouse.';
COMMENT ON COLUMN mart.petition_detail.petition_key IS 'Surrogate key of the PAKN -> dw.fact_petition.petition_key.';
COMMENT ON COLUMN mart.petition_detail.petition_code IS 'PAKN code (mã PAKN), unique: one row per PAKN.';
COMMENT ON COLUMN mart.petition_detail.received_date_key IS 'Local day of receipt as yyyymmdd -> dw.dim_date.date_key.';
COMMENT ON COLUMN mart.petition_detail.received_at_local IS 'When the PAKN was received, local time Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN mart.petition_detail.received_on IS 'Local day of receipt.';
COMMENT ON COLUMN mart.petition_detail.due_date_key IS 'Local due day (hạn xử lý) as yyyymmdd -> dw.dim_date.date_key; null only when a computed due day is beyond dw.dim_date.';
COMMENT ON COLUMN mart.petition_detail.due_at_local IS 'Due date as given, or 00:00 of the 15th working day after receipt (due_given false), local time.';
COMMENT ON COLUMN mart.petition_detail.due_on IS 'Local due day.';
COMMENT ON COLUMN mart.petition_detail.due_given IS 'True when the source gave the due date; false when it was computed (15 working days after receipt).';
COMMENT ON COLUMN mart.petition_detail.handled_date_key IS 'Local day handling ended as yyyymmdd -> dw.dim_date.date_key; null while not handled.';
COMMENT ON COLUMN mart.petition_detail.handled_at_local IS 'When handling ended (ngày xử lý xong), local time; null while not handled.';
COMMENT ON COLUMN mart.petition_detail.handled_on IS 'Local day handling ended; null while not handled.';
COMMENT ON COLUMN mart.petition_detail.handled_on_time IS 'True when handled on or before the due day, false when after it; null while not handled.';
COMMENT ON COLUMN mart.petition_detail.unit_key IS 'Handling unit as of receipt -> dw.dim_unit.unit_key (mart.unit_detail.unit_key).';
COMMENT ON COLUMN mart.petition_detail.unit_code IS 'Agency code of the handling unit (mã định danh).';
COMMENT ON COLUMN mart.petition_detail.unit_name IS 'Name of the handling unit as of receipt.';
COMMENT ON COLUMN mart.petition_detail.unit_level IS 'Level of the handling unit as of receipt: tinh, huyen or xa; null for an inferred unit.';
COMMENT ON COLUMN mart.petition_detail.unit_is_inferred IS 'True while the handling unit is known only from PAKN or dossiers (not in the unit list).';
COMMENT ON COLUMN mart.petition_detail.parent_unit_code IS 'Agency code of the handling unit''s parent as of receipt.';
COMMENT ON COLUMN mart.petition_detail.parent_unit_name IS 'Name of the parent as of receipt.';
COMMENT ON COLUMN mart.petition_detail.parent_unit_level IS 'Level of the parent as of receipt.';
COMMENT ON COLUMN mart.petition_detail.district_code IS 'Agency code of the district as of receipt (the unit itself or the nearest unit of level huyen above it); null when there is none, never guessed.';
COMMENT ON COLUMN mart.petition_detail.district_name IS 'Name of the district as of receipt.';
COMMENT ON COLUMN mart.petition_detail.province_code IS 'Agency code of the province as of receipt; null for an inferred unit.';
COMMENT ON COLUMN mart.petition_detail.province_name IS 'Name of the province as of receipt.';
COMMENT ON COLUMN mart.petition_detail.unit_exists_today IS 'True when the handling unit''s code has a current version.';
COMMENT ON COLUMN mart.petition_detail.unit_name_today IS 'Name of the current version of the handling unit; null when the unit no longer exists.';
COMMENT ON COLUMN mart.petition_detail.unit_level_today IS 'Level of the current version of the handling unit.';
COMMENT ON COLUMN mart.petition_detail.parent_unit_code_today IS 'Agency code of the current version''s parent.';
COMMENT ON COLUMN mart.petition_detail.parent_unit_name_today IS 'Name of the current version''s parent.';
COMMENT ON COLUMN mart.petition_detail.parent_unit_level_today IS 'Level of the current version''s parent.';
COMMENT ON COLUMN mart.petition_detail.district_code_today IS 'Agency code of the district of the current version; null when there is none.';
COMMENT ON COLUMN mart.petition_detail.district_name_today IS 'Name of the district of the current version.';
COMMENT ON COLUMN mart.petition_detail.province_code_today IS 'Agency code of the province of the current version.';
COMMENT ON COLUMN mart.petition_detail.province_name_today IS 'Name of the province of the current version.';
COMMENT ON COLUMN mart.petition_detail.category IS 'Category (phân loại) as written.';
COMMENT ON COLUMN mart.petition_detail.field_name IS 'Field (lĩnh vực) as written; null when not given.';
COMMENT ON COLUMN mart.petition_detail.result IS 'Result of handling (kết quả) as written; null while not handled.';
COMMENT ON COLUMN mart.petition_detail.satisfied IS 'The citizen''s rating of the handling: true Hài lòng, false Không hài lòng, null not rated.';
COMMENT ON COLUMN mart.petition_detail.dossier_code IS 'Code of the dossier the PAKN is about (mart.dossier_detail.dossier_code when loaded); null when none was given.';

CREATE VIEW mart.rating_detail WITH (security_invoker = true) AS
SELECT r.dossier_code,
       r.dossier_key,
       r.rated_date_key,
       r.rated_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS rated_at_local,
       (r.rated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rated_on,
       r.rating_score,
       r.rating_text,
       r.satisfied,
       r.channel AS rating_channel,
       d.received_date_key,
       d.received_on,
       d.unit_key,
       d.unit_code,
       d.unit_name,
       d.unit_level,
       d.district_code,
       d.district_name,
       d.province_code,
       d.province_name,
       d.unit_name_today,
       d.district_code_today,
       d.district_name_today,
       d.procedure_code,
       d.procedure_name,
       d.field_code,
       d.field_name,
       d.channel_code,
       d.status_code
FROM dw.fact_dossier_rating r
LEFT JOIN mart.dossier_detail d ON d.dossier_key = r.dossier_key;

COMMENT ON VIEW mart.rating_detail IS 'Satisfaction ratings of dossiers flat: one row per row of dw.fact_dossier_rating (same count: the latest rating of each rated dossier), with the rated dossier''s day of receipt, unit (as of receipt and today), procedure and field from mart.dossier_detail; those are null while the dossier is not in the warehouse (dossier_key null). No personal data: the rater is not in the warehouse.';
COMMENT ON COLUMN mart.rating_detail.dossier_code IS 'Code of the rated dossier (mã hồ sơ); one row per dossier.';
COMMENT ON COLUMN mart.rating_detail.dossier_key IS 'The rated dossier -> dw.fact_dossier_key.dossier_key (mart.dossier_detail.dossier_key); null while the dossier is not loaded.';
COMMENT ON COLUMN mart.rating_detail.rated_date_key IS 'Local day of the rating as yyyymmdd -> dw.dim_date.date_key: the period a rating counts in.';
COMMENT ON COLUMN mart.rating_detail.rated_at_local IS 'When the dossier was rated, local time Asia/Ho_Chi_Minh.';
COMMENT ON COLUMN mart.rating_detail.rated_on IS 'Local day of the rating.';
COMMENT ON COLUMN mart.rating_detail.rating_score IS 'Level 1-5: 5 Rất hài lòng, 4 Hài lòng, 3 Bình thường, 2 Không hài lòng, 1 Rất không hài lòng.';
COMMENT ON COLUMN mart.rating_detail.rating_text IS 'The level as written in the source (mức đánh giá).';
COMMENT ON COLUMN mart.rating_detail.satisfied IS 'True when rating_score >= 4 (Hài lòng or Rất hài lòng).';
COMMENT ON COLUMN mart.rating_detail.rating_channel IS 'Where the rating was given (kênh đánh giá) as written, e.g. Cổng DVC, Kiosk; null when not given.';
COMMENT ON COLUMN mart.rating_detail.received_date_key IS 'Local day the rated dossier was received, yyyymmdd; null while the dossier is not loaded.';
COMMENT ON COLUMN mart.rating_detail.received_on IS 'Local day the rated dossier was received.';
COMMENT ON COLUMN mart.rating_detail.unit_key IS 'The dossier''s handling unit as of receipt -> dw.dim_unit.unit_key.';
COMMENT ON COLUMN mart.rating_detail.unit_code IS 'Agency code of the dossier''s handling unit.';
COMMENT ON COLUMN mart.rating_detail.unit_name IS 'Name of the handling unit as of receipt.';
COMMENT ON COLUMN mart.rating_detail.unit_level IS 'Level of the handling unit as of receipt: tinh, huyen or xa.';
COMMENT ON COLUMN mart.rating_detail.district_code IS 'Agency code of the district as of receipt; null when there is none.';
COMMENT ON COLUMN mart.rating_detail.district_name IS 'Name of the district as of receipt.';
COMMENT ON COLUMN mart.rating_detail.province_code IS 'Agency code of the province as of receipt.';
COMMENT ON COLUMN mart.rating_detail.province_name IS 'Name of the province as of receipt.';
COMMENT ON COLUMN mart.rating_detail.unit_name_today IS 'Name of the current version of the handling unit; null when the unit no longer exists.';
COMMENT ON COLUMN mart.rating_detail.district_code_today IS 'Agency code of the district of the unit''s current version; null when there is none.';
COMMENT ON COLUMN mart.rating_detail.district_name_today IS 'Name of the district of the unit''s current version.';
COMMENT ON COLUMN mart.rating_detail.procedure_code IS 'Procedure code (mã TTHC) of the dossier.';
COMMENT ON COLUMN mart.rating_detail.procedure_name IS 'Name of the procedure''s current version.';
COMMENT ON COLUMN mart.rating_detail.field_code IS 'Field code of the dossier; null when unknown.';
COMMENT ON COLUMN mart.rating_detail.field_name IS 'Field name of the dossier; null when unknown.';
COMMENT ON COLUMN mart.rating_detail.channel_code IS 'Submission channel of the dossier: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích.';
COMMENT ON COLUMN mart.rating_detail.status_code IS 'Latest known status of the dossier, 1-10.';

GRANT SELECT ON mart.unit_chain, mart.unit_detail, mart.dossier_detail, mart.petition_detail, mart.rating_detail
    TO analyst;

