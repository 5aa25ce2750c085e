-- 0011: two recipes of the loads that several kinds share, written once (as audit.quarantine_duplicates in 0010).
-- Both are called by sql/load/<kind>/*.sql with constant arguments (table and column names written in those
-- files, never user data); they live in the loader's schema, which analysts cannot use.

-- staging.infer_units: the units that the staged rows name (ma_don_vi, don_vi_xu_ly) but dw.dim_unit does not
-- know at all become inferred members, completed when the unit list arrives (dossiers and PAKN lists).
CREATE FUNCTION staging.infer_units(staged regclass)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    added bigint;
BEGIN
    EXECUTE format($sql$
        INSERT INTO dw.dim_unit (unit_code, name, is_inferred)
        SELECT DISTINCT ON (s.ma_don_vi) s.ma_don_vi, coalesce(s.don_vi_xu_ly, 'Đơn vị ' || s.ma_don_vi), true
        FROM %s s
        WHERE NOT EXISTS (SELECT FROM dw.dim_unit u WHERE u.unit_code = s.ma_don_vi)  -- no version at all
        ORDER BY s.ma_don_vi, s.row_no DESC
        ON CONFLICT (unit_code) WHERE valid_to = DATE '9999-12-31' DO NOTHING$sql$, staged);
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added;
END
$$;
COMMENT ON FUNCTION staging.infer_units IS 'Adds the units named by a staging table (columns ma_don_vi, don_vi_xu_ly, row_no) and unknown to dw.dim_unit as inferred members; returns how many it added.';

-- staging.apply_versions: a file of reference data applied to a versioned dimension (valid_from, valid_to,
-- is_inferred, updated_at; one current version per natural key, valid_to 9999-12-31). `changes` holds one row
-- per natural key with the dimension's `attributes`, hieu_luc_tu (the stated effective date, null if none),
-- applies_from (hieu_luc_tu, else the load date) and first_from (the valid_from of a key's first version):
--   1. a row that restates what is already known changes nothing: an undated row equal to any version,
--      a dated row equal to the version in force on its date (re-loading a file is a no-op);
--   2. an inferred member is completed in place;
--   3. a change dated after the start of the current version ends it there and opens a new version;
--   4. any other change corrects the version in force on its date, in place;
--   5. a key seen for the first time opens its first version, from first_from.
-- Rows are deleted from `changes` as they are handled.
CREATE FUNCTION staging.apply_versions(dimension regclass, changes regclass, natural_key text, attributes text[])
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    known text := (SELECT string_agg(format('d.%I', a), ', ') FROM unnest(attributes) a);
    given text := (SELECT string_agg(format('c.%I', a), ', ') FROM unnest(attributes) a);
    assign text := (SELECT string_agg(format('%1$I = c.%1$I', a), ', ') FROM unnest(attributes) a);
    listed text := (SELECT string_agg(format('%I', a), ', ') FROM unnest(attributes) a);
BEGIN
    EXECUTE format($sql$
        DELETE FROM %2$s c
        USING %1$s d
        WHERE d.%3$I = c.%3$I AND NOT d.is_inferred
          AND (c.hieu_luc_tu IS NULL OR (c.applies_from >= d.valid_from AND c.applies_from < d.valid_to))
          AND (%4$s) IS NOT DISTINCT FROM (%5$s)$sql$, dimension, changes, natural_key, known, given);

    EXECUTE format($sql$
        WITH completed AS (
            UPDATE %1$s d
            SET %4$s, is_inferred = false, updated_at = now()
            FROM %2$s c
            WHERE d.%3$I = c.%3$I AND d.is_inferred
            RETURNING d.%3$I AS completed_key
        )
        DELETE FROM %2$s WHERE %3$I IN (SELECT completed_key FROM completed)$sql$,
        dimension, changes, natural_key, assign);

    EXECUTE format($sql$
        UPDATE %1$s d
        SET valid_to = c.applies_from, updated_at = now()
        FROM %2$s c
        WHERE d.%3$I = c.%3$I AND d.valid_to = DATE '9999-12-31' AND NOT d.is_inferred
          AND c.applies_from > d.valid_from$sql$, dimension, changes, natural_key);

    EXECUTE format($sql$
        UPDATE %1$s d
        SET %4$s, updated_at = now()
        FROM %2$s c
        WHERE d.%3$I = c.%3$I AND c.applies_from >= d.valid_from AND c.applies_from < d.valid_to
          AND (%5$s) IS DISTINCT FROM (%6$s)$sql$, dimension, changes, natural_key, assign, known, given);

    EXECUTE format($sql$
        INSERT INTO %1$s (%3$I, %4$s, valid_from)
        SELECT c.%3$I, %5$s,
               CASE WHEN EXISTS (SELECT FROM %1$s o WHERE o.%3$I = c.%3$I) THEN c.applies_from ELSE c.first_from END
        FROM %2$s c
        WHERE NOT EXISTS (SELECT FROM %1$s d WHERE d.%3$I = c.%3$I AND d.valid_to = DATE '9999-12-31')$sql$,
        dimension, changes, natural_key, listed, given);
END
$$;
COMMENT ON FUNCTION staging.apply_versions IS 'Applies the rows of a change table (natural key, attributes, hieu_luc_tu, applies_from, first_from) to a versioned dimension: no-op restatements dropped, inferred members completed, a later change opens a new version, an earlier one corrects the version in force; new keys open their first version.';

-- The domain facts the indicator rows cite are documented in the repository (docs/domain.md), no longer outside it.
COMMENT ON COLUMN mart.kpi_766_indicator.source IS 'Where the rule and weight come from (docs/domain.md section), or "quy ước địa phương" where no source states it.';
COMMENT ON TABLE mart.cchc_summary IS 'The figures a periodic CCHC report quotes (báo cáo CCHC: cải cách TTHC, một cửa, chính quyền số) per report period and reported unit (the unit with every unit below it, mart.unit_rollup), in both readings of reorganised units. Received / resolved / in progress follow Biểu 06 exactly (they are mart.bieu06_rollup''s totals); the other counts are of the period''s NEW dossiers (received within it) unless the column says otherwise. Counts are exact numerics (whole numbers unless a restated split unit carries a share); rates are percentages with 2 decimals, null when the denominator is 0. One row for every unit known to dw, also without dossiers (catalogue counts still apply). Refreshed by etl.marts.refresh_for_report (sql/marts/refresh_cchc_summary.sql) after mart.bieu06 of the same period.';
