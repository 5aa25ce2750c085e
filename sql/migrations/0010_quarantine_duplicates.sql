-- 0010: audit.quarantine_duplicates — the one recipe for "a key that appears more than once in one file":
-- keep one row per key (the first by `order_by`), move the others from the per-load staging table to
-- audit.quarantine with the rule, the key and the row that was kept. Called by sql/load/quarantine_duplicate_*.sql
-- with constant arguments (table, PARTITION BY and ORDER BY lists written in those files, never user data).
CREATE FUNCTION audit.quarantine_duplicates(staging regclass, partition_by text, order_by text, key_column text,
                                            rule text, reason text, load_id bigint, file_id bigint)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    moved bigint;
BEGIN
    EXECUTE format($sql$
        WITH ranked AS (
            SELECT ctid AS row_id,
                   row_number() OVER w AS rank,
                   first_value(row_no) OVER w AS kept_row_no
            FROM %1$s
            WINDOW w AS (PARTITION BY %2$s ORDER BY %3$s)
        ), dropped AS (
            DELETE FROM %1$s s
            USING ranked r
            WHERE s.ctid = r.row_id AND r.rank > 1
            RETURNING s.*, r.kept_row_no
        )
        INSERT INTO audit.quarantine (load_id, file_id, row_no, record_key, rule, column_name, value, reason, record)
        SELECT $1, $2, d.row_no, d.%4$I, $3, %5$L, d.%4$I, $4 || d.kept_row_no, to_jsonb(d) - 'kept_row_no'
        FROM dropped d$sql$, staging, partition_by, order_by, key_column, key_column)
    USING load_id, file_id, rule, reason;
    GET DIAGNOSTICS moved = ROW_COUNT;
    RETURN moved;
END
$$;
COMMENT ON FUNCTION audit.quarantine_duplicates IS 'Moves the rows of a staging table that repeat a key (partition_by) to audit.quarantine, keeping the first by order_by; returns how many rows it moved. reason is completed with the number of the row kept.';
