-- 0013: from which day the warehouse holds complete dossier data of each unit of each source, and up to which day.
-- A report compares a period with the one before only when the data of its units covers that one whole
-- (sql/reports/coverage.sql): the sample data starting on 02/01/2024 does not cover the administrative year 2024,
-- which opened on 15/12/2023.
--
-- Maintained by every dossier load (sql/load/dossier/record_coverage.sql, one statement per file): per source
-- and unit code (MaDonVi), the earliest day of receipt seen and the latest day with data (receipt, end of
-- processing, return or latest event, not after the load date). The range only ever widens (least / greatest
-- in an upsert), so a re-run changes nothing and two loads in parallel give the same result as in sequence.
-- declared_from is the source's complete_from in config/sources.yaml (etl.config.sources), refreshed by every
-- load of the source.
--
-- The rule (sql/reports/coverage.sql, docs/warehouse.md §7): a source's data is complete from its declared
-- complete_from when given (it wins, earlier or later), else from the first day of receipt seen from it (the
-- earliest first_day of its rows): a source carries all its units from its start, and a unit whose first
-- dossier comes later had none before (a small commune, a unit created later). A unit's data is complete from
-- the earliest start of the sources that carry it.
CREATE TABLE audit.data_coverage (
    source        text        NOT NULL,
    unit_code     text        NOT NULL,
    first_day     date        NOT NULL,
    last_day      date        NOT NULL,
    declared_from date,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, unit_code)
);
CREATE INDEX data_coverage_unit ON audit.data_coverage (unit_code);
COMMENT ON TABLE audit.data_coverage IS 'Which days the warehouse holds dossier data of each unit from each source: first_day (earliest receipt seen) to last_day (latest day with data), and the complete_from declared for the source. One row per source (audit.landed_file.source) and unit code, widened by every dossier load (sql/load/dossier/record_coverage.sql). A source''s data is complete from its declared_from, else from the earliest first_day of its rows; read by sql/reports/coverage.sql to decide whether a report may compare with the previous period.';
COMMENT ON COLUMN audit.data_coverage.source IS 'The source the files came from: audit.landed_file.source, the name of a source in config/sources.yaml (or manual / the name given to cchc ingest).';
COMMENT ON COLUMN audit.data_coverage.unit_code IS 'Agency code (mã định danh, MaDonVi) of the handling unit, as dw.dim_unit.unit_code.';
COMMENT ON COLUMN audit.data_coverage.first_day IS 'Earliest local day of receipt (received_at, Asia/Ho_Chi_Minh) of any dossier of the unit loaded from the source, not after the load date; never moves later.';
COMMENT ON COLUMN audit.data_coverage.last_day IS 'Latest local day with data of the unit from the source: the latest day of receipt, end of processing, return or latest event (source_event_at) of its loaded dossiers that is not after the load date; never moves earlier.';
COMMENT ON COLUMN audit.data_coverage.declared_from IS 'complete_from of the source in config/sources.yaml when declared (the source''s data is complete only from that day: a history that starts mid-period, or an export of open dossiers that carries a few old ones); the same on every row of the source, refreshed by every load of it; null when not declared. When given it wins over the first days seen, earlier or later.';
COMMENT ON COLUMN audit.data_coverage.updated_at IS 'When a load last widened the row or changed declared_from.';

-- Warehouses loaded before this migration: what their dossiers tell, through the loads that inserted and last
-- changed each one (fact_dossier.first_load_id, last_load_id -> audit.file_load -> audit.landed_file.source).
-- Days are local (Asia/Ho_Chi_Minh); a day after the date of the load that carried the dossier is not data.
INSERT INTO audit.data_coverage (source, unit_code, first_day, last_day)
SELECT lf.source, u.unit_code, min(d.received) FILTER (WHERE d.received <= l.load_date),
       max(greatest(CASE WHEN d.received <= l.load_date THEN d.received END,
                    CASE WHEN d.finished <= l.load_date THEN d.finished END,
                    CASE WHEN d.returned <= l.load_date THEN d.returned END,
                    CASE WHEN d.event <= l.load_date THEN d.event END))
FROM dw.fact_dossier f
JOIN dw.dim_unit u USING (unit_key)
CROSS JOIN LATERAL (VALUES (f.first_load_id), (f.last_load_id)) AS v (load_id)
JOIN audit.file_load l ON l.load_id = v.load_id
JOIN audit.landed_file lf ON lf.file_id = l.file_id
CROSS JOIN LATERAL (SELECT (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS received,
                           (f.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS finished,
                           (f.returned_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS returned,
                           (f.source_event_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS event) AS d
GROUP BY lf.source, u.unit_code
HAVING min(d.received) FILTER (WHERE d.received <= l.load_date) IS NOT NULL;
