-- 0020: dw.fact_dossier partitioned by year of receipt (declarative range partitioning on received_date_key),
-- so that a warehouse of tens of millions of dossiers reads, vacuums and indexes one year at a time: a query or
-- mart refresh that bounds received_date_key scans only the years it names.
--
-- A unique index of a partitioned table must hold the partition key, so ma_ho_so can no longer be unique in the
-- fact table itself, nor dossier_key alone its primary key. The natural key moves to a small unpartitioned table:
--   dw.fact_dossier_key  one row per dossier code ever loaded: ma_ho_so (primary key) -> dossier_key, given once
--                        from the sequence the fact table always used (dw.fact_dossier_dossier_key_seq, still
--                        owned by fact_dossier.dossier_key) and never changed, and received_date_key, the
--                        partition its fact row is in (kept equal to the fact row's by the load).
-- The load (sql/load/dossier/upsert_fact_dossier.sql) claims the keys of new codes there first, then inserts the new
-- dossiers and updates the known ones by (dossier_key, received_date_key): the primary key of the fact table, one
-- partition. A later export that changes a dossier's day of receipt to another year moves its row to that year's
-- partition (an UPDATE of the partition key), keeping its dossier_key, so its status history, rating, applicant,
-- extra fields, marts and lineage still point at it.
--
-- Partitions: one per calendar year dw.dim_date covers (fact_dossier_2015 .. fact_dossier_2035, received_date_key
-- from yyyy0101 to the next year's 0101 excluded) and fact_dossier_default for any other day. Readers change
-- nothing: they query dw.fact_dossier as before.
--
-- The rows of an existing warehouse are moved: the old table is renamed, the partitioned one created like it
-- (columns, defaults, checks and column comments), its rows copied, the old table dropped, then the indexes,
-- triggers and grants the old table had are created on the new one (copied from the catalogue, so that what any
-- earlier migration added comes along). Runs in the migration's one transaction.

ALTER TABLE dw.fact_dossier RENAME TO fact_dossier_unpartitioned;
ALTER SEQUENCE dw.fact_dossier_dossier_key_seq OWNED BY NONE;  -- not dropped with the old table

CREATE TABLE dw.fact_dossier (LIKE dw.fact_dossier_unpartitioned
    INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMMENTS INCLUDING STORAGE INCLUDING COMPRESSION)
    PARTITION BY RANGE (received_date_key);
-- the key is given by dw.fact_dossier_key: a row inserted without one is an error, not a new number
ALTER TABLE dw.fact_dossier ALTER COLUMN dossier_key DROP DEFAULT;
ALTER SEQUENCE dw.fact_dossier_dossier_key_seq OWNED BY dw.fact_dossier.dossier_key;

COMMENT ON TABLE dw.fact_dossier IS 'Dossier fact (hồ sơ TTHC). Grain: one row per dossier, natural key ma_ho_so, holding its latest known state. A re-sent dossier replaces its row when the content changed and its latest event (source_event_at) is not older than the stored one (same time: a final status wins, else the later load); an older export never overwrites a newer state. Status changes are kept in fact_dossier_status_history. No personal data: applicants are in restricted.applicant, which analysts cannot read. Partitioned by year of receipt (received_date_key: one partition per year of dim_date, fact_dossier_2015 .. fact_dossier_2035, and fact_dossier_default); a filter on received_date_key reads only the years it names. Primary key (dossier_key, received_date_key); ma_ho_so is unique through dw.fact_dossier_key.';
COMMENT ON COLUMN dw.fact_dossier.dossier_key IS 'Surrogate key, given when the dossier code is first loaded (dw.fact_dossier_key) and never changed; fact_dossier_status_history.dossier_key points here.';
COMMENT ON COLUMN dw.fact_dossier.ma_ho_so IS 'Dossier code (mã hồ sơ, MaHoSo): agency code, a date YYMMDD and a 4-digit daily sequence joined by hyphens, e.g. 000.35.27.H56-240108-0001. Natural key, unique (dw.fact_dossier_key holds each code once).';
COMMENT ON COLUMN dw.fact_dossier.received_date_key IS 'Local day (Asia/Ho_Chi_Minh) of received_at as yyyymmdd -> dim_date.date_key; the day that puts a dossier in a reporting period (received in the period). The partition key: a dossier whose day of receipt changes to another year moves to that year''s partition.';


DO $$
DECLARE
    year integer;
    partition text;
    statement text;
BEGIN
    FOR year IN SELECT DISTINCT d.year FROM dw.dim_date d ORDER BY 1 LOOP
        partition := 'fact_dossier_' || year;
        EXECUTE format('CREATE TABLE dw.%I PARTITION OF dw.fact_dossier FOR VALUES FROM (%s) TO (%s)',
                       partition, year * 10000 + 101, (year + 1) * 10000 + 101);
        EXECUTE format('COMMENT ON TABLE dw.%I IS %L', partition,
                       format('Partition of dw.fact_dossier: the dossiers received in %s (received_date_key %s-%s). '
                              'Query dw.fact_dossier; a filter on received_date_key reads only the years it names.',
                              year, year * 10000 + 101, year * 10000 + 1231));
    END LOOP;
    CREATE TABLE dw.fact_dossier_default PARTITION OF dw.fact_dossier DEFAULT;
    COMMENT ON TABLE dw.fact_dossier_default IS 'Partition of dw.fact_dossier: the dossiers received on a day outside the years of dw.dim_date (none expected). Query dw.fact_dossier.';
    -- each partition's columns say what the table's say (\d+ of a partition)
    FOR statement IN
        SELECT format('COMMENT ON COLUMN %s.%I IS %L', i.inhrelid::regclass, a.attname,
                      col_description(a.attrelid, a.attnum))
        FROM pg_inherits i
        JOIN pg_attribute a ON a.attrelid = i.inhparent AND a.attnum > 0 AND NOT a.attisdropped
        WHERE i.inhparent = 'dw.fact_dossier'::regclass AND col_description(a.attrelid, a.attnum) IS NOT NULL
    LOOP
        EXECUTE statement;
    END LOOP;
END
$$;

INSERT INTO dw.fact_dossier SELECT * FROM dw.fact_dossier_unpartitioned;

CREATE TABLE dw.fact_dossier_key (
    ma_ho_so           text    NOT NULL,
    dossier_key        bigint  NOT NULL DEFAULT nextval('dw.fact_dossier_dossier_key_seq'),
    received_date_key  integer NOT NULL
);
INSERT INTO dw.fact_dossier_key (ma_ho_so, dossier_key, received_date_key)
SELECT ma_ho_so, dossier_key, received_date_key FROM dw.fact_dossier_unpartitioned;
ALTER TABLE dw.fact_dossier_key ADD PRIMARY KEY (ma_ho_so);

-- What the old table had besides its columns, kept for the new one: its other indexes, its triggers (the change
-- log of the marts, 0019) and its grants, read from the catalogue before the old table is dropped.
DO $$
DECLARE
    old_name text := 'dw.fact_dossier_unpartitioned'::regclass::text;
    carried text[];
    statement text;
BEGIN
    SELECT array_agg(s.statement) INTO carried FROM (
        SELECT pg_get_indexdef(i.indexrelid) AS statement
        FROM pg_index i
        WHERE i.indrelid = 'dw.fact_dossier_unpartitioned'::regclass
          AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        UNION ALL
        SELECT pg_get_triggerdef(t.oid)
        FROM pg_trigger t
        WHERE t.tgrelid = 'dw.fact_dossier_unpartitioned'::regclass AND NOT t.tgisinternal
        UNION ALL
        SELECT format('GRANT %s ON TABLE dw.fact_dossier TO %s', a.privilege_type,
                      CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END)
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'dw.fact_dossier_unpartitioned'::regclass AND a.grantee <> c.relowner) s;
    DROP TABLE dw.fact_dossier_unpartitioned;
    FOREACH statement IN ARRAY coalesce(carried, '{}') LOOP
        EXECUTE replace(statement, ' ON ' || old_name || ' ', ' ON dw.fact_dossier ');
    END LOOP;
END
$$;

ALTER TABLE dw.fact_dossier ADD PRIMARY KEY (dossier_key, received_date_key);
CREATE INDEX fact_dossier_ma_ho_so ON dw.fact_dossier (ma_ho_so);

-- Readers of dw read the key table as well; a partition read directly is read like its table.
GRANT SELECT ON dw.fact_dossier_key TO analyst;
DO $$
DECLARE
    partition regclass;
    grant_ text;
BEGIN
    FOR partition IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'dw.fact_dossier'::regclass
    LOOP
        FOR grant_ IN
            SELECT format('GRANT %s ON TABLE %s TO %s', a.privilege_type, partition,
                          CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END)
            FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.oid = 'dw.fact_dossier'::regclass AND a.grantee <> c.relowner
        LOOP
            EXECUTE grant_;
        END LOOP;
    END LOOP;
END
$$;

COMMENT ON TABLE dw.fact_dossier_key IS 'The natural key of dw.fact_dossier: one row per dossier code ever loaded, with its dossier_key (given once, from the sequence of fact_dossier.dossier_key) and the day of receipt of its fact row, i.e. the partition it is in. Unique ma_ho_so across every partition of the fact table; the load claims a new code''s key here before it writes the fact row.';
COMMENT ON COLUMN dw.fact_dossier_key.ma_ho_so IS 'Dossier code (mã hồ sơ) -> fact_dossier.ma_ho_so; primary key.';
COMMENT ON COLUMN dw.fact_dossier_key.dossier_key IS 'The dossier''s surrogate key -> fact_dossier.dossier_key; never changes.';
COMMENT ON COLUMN dw.fact_dossier_key.received_date_key IS 'fact_dossier.received_date_key of the dossier''s row: the partition it is in (with dossier_key, the fact table''s primary key).';

ANALYZE dw.fact_dossier;
ANALYZE dw.fact_dossier_key;
