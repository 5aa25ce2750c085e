-- 0019: marts kept up to date incrementally. A night's load changes a small share of dw.fact_dossier; the marts
-- computed from it (mart.bieu06, mart.dossier_counts, mart.dossier_month) are additive counts of dossiers, so a
-- refresh adds each changed dossier's new contribution and takes away its old one instead of scanning the fact
-- table again (etl.marts, sql/marts/refresh_*.sql). dw keeps only the latest state of a dossier (its status history
-- aside), so the old state is kept here, at the moment it is replaced:
--   audit.dossier_change  the columns the marts read of every dw.fact_dossier row as it was before an UPDATE or a
--                         DELETE, and where the row that replaced it is (statement triggers with transition tables:
--                         any statement, the loads' upsert as well as the repointing of facts by a unit or
--                         catalogue load, or a row moved to another year's partition). An INSERT logs nothing: a
--                         new dossier is one whose dossier_key is above the last one a refresh saw (the key comes
--                         from a sequence, and a refresh reads it while no load can write, see below).
--   mart.refreshed_period which periods each mart holds, when they were brought up to date, and for the marts
--                         computed from the fact table up to which change and dossier key they are.
-- A refresh takes a SHARE lock on dw.fact_dossier (it waits for the loads writing it, which then wait for it), so
-- every change it sees is committed and none can appear until it commits; change_id and dossier_key then say
-- exactly which changes a period has taken in. A TRUNCATE of the fact table leaves no old rows to log: its trigger
-- marks every period to be recomputed whole.

CREATE TABLE mart.refreshed_period (
    mart              text        NOT NULL CHECK (mart IN ('bieu06', 'dossier_counts', 'dossier_month', 'cchc_summary',
                                                            'kpi_766')),
    calendar          text        NOT NULL CHECK (calendar IN ('hanh_chinh', 'lich')),
    period_code       text        NOT NULL,
    period_first_day  date        NOT NULL,
    period_last_day   date        NOT NULL,
    refreshed_at      timestamptz NOT NULL,
    recomputed_at     timestamptz NOT NULL,
    change_id         bigint,
    dossier_key       bigint,
    PRIMARY KEY (mart, calendar, period_code),
    CHECK (period_first_day <= period_last_day),
    CHECK ((change_id IS NULL) = (dossier_key IS NULL))
);
COMMENT ON TABLE mart.refreshed_period IS 'The periods each mart holds, one row per mart and period: list what can be read (SELECT * FROM mart.refreshed_period ORDER BY mart, period_last_day). The nightly load brings every period listed here up to date, with the open and just-closed months, quarters and years of both calendars (etl.marts.refresh_after_load).';
COMMENT ON COLUMN mart.refreshed_period.mart IS 'The mart: bieu06, dossier_counts, dossier_month (computed from dw.fact_dossier), cchc_summary (from mart.bieu06 and mart.dossier_counts) or kpi_766 (from mart.dossier_counts, lich periods only).';
COMMENT ON COLUMN mart.refreshed_period.calendar IS 'Period calendar of period_code: hanh_chinh or lich (as in mart.bieu06).';
COMMENT ON COLUMN mart.refreshed_period.period_code IS 'Report period: thang:2024-11, quy:2024-3, 6thang:2024, 9thang:2024, nam:2024.';
COMMENT ON COLUMN mart.refreshed_period.period_first_day IS 'First day of the period (local day), included.';
COMMENT ON COLUMN mart.refreshed_period.period_last_day IS 'Last day of the period, included.';
COMMENT ON COLUMN mart.refreshed_period.refreshed_at IS 'When the period''s rows of the mart were last brought up to date: they reflect dw as it was then.';
COMMENT ON COLUMN mart.refreshed_period.recomputed_at IS 'When they were last computed whole (the first refresh, or one asked to recompute); refreshes in between applied only the dossiers that changed.';
COMMENT ON COLUMN mart.refreshed_period.change_id IS 'Technical, marts computed from dw.fact_dossier: the last audit.dossier_change.change_id the period has taken in. Null: the period must be recomputed whole (other marts: always null).';
COMMENT ON COLUMN mart.refreshed_period.dossier_key IS 'Technical, marts computed from dw.fact_dossier: dossiers with a greater dw.fact_dossier.dossier_key were inserted after the period was brought up to date. Null with change_id.';

-- The marts a warehouse held before this migration were computed whole: each is listed, to be recomputed whole
-- by its next refresh (the new mart.dossier_counts and mart.dossier_month it needs are still empty).
INSERT INTO mart.refreshed_period (mart, calendar, period_code, period_first_day, period_last_day, refreshed_at,
                                   recomputed_at)
SELECT 'bieu06', calendar, period_code, min(period_first_day), min(period_last_day), max(refreshed_at),
       max(refreshed_at)
FROM mart.bieu06 GROUP BY calendar, period_code
UNION ALL
SELECT 'cchc_summary', calendar, period_code, min(period_first_day), min(period_last_day), max(refreshed_at),
       max(refreshed_at)
FROM mart.cchc_summary GROUP BY calendar, period_code
UNION ALL
SELECT 'kpi_766', 'lich', period_code, min(period_first_day), min(period_last_day), max(refreshed_at),
       max(refreshed_at)
FROM mart.kpi_766 GROUP BY period_code;

GRANT SELECT ON mart.refreshed_period TO analyst;
COMMENT ON COLUMN mart.bieu06.refreshed_at IS 'When the row''s figures were last written (a refresh that computed the period whole, or one that changed this row); mart.refreshed_period says when the whole period was last brought up to date: every row of it reflects dw as it was then.';

CREATE TABLE audit.dossier_change (
    change_id                bigserial   PRIMARY KEY,
    changed_at               timestamptz NOT NULL DEFAULT now(),
    dossier_key              bigint      NOT NULL,
    unit_key                 integer     NOT NULL,
    procedure_key            integer     NOT NULL,
    field_key                integer,
    channel_code             smallint    NOT NULL,
    status_code              smallint    NOT NULL,
    received_date_key        integer     NOT NULL,
    due_date_key             integer,
    finished_date_key        integer,
    due_at                   timestamptz,
    finished_at              timestamptz,
    online_level_at_receipt  text,
    timeliness               text,
    has_fee                  boolean     NOT NULL,
    paid_online              boolean     NOT NULL,
    returned_by_post         boolean     NOT NULL,
    digitised_input          boolean     NOT NULL,
    electronic_result        boolean     NOT NULL,
    supplement_count         smallint    NOT NULL,
    supplement_wait_days     numeric(8, 2),
    source_event_at          timestamptz NOT NULL,
    received_date_key_after  integer
);
CREATE INDEX dossier_change_dossier ON audit.dossier_change (dossier_key, change_id);
COMMENT ON TABLE audit.dossier_change IS 'The state of each dw.fact_dossier row before an UPDATE or DELETE replaced it (the columns the marts read), logged by the statement triggers of migration 0019, until every period of mart.refreshed_period has taken the change in (etl.marts then deletes it). A refresh subtracts the first old state of a changed dossier that a period has not taken in and adds its current row.';
COMMENT ON COLUMN audit.dossier_change.change_id IS 'Order of the changes; mart.refreshed_period.change_id says which a period has taken in.';
COMMENT ON COLUMN audit.dossier_change.changed_at IS 'When the change was made (the changing transaction''s start).';
COMMENT ON COLUMN audit.dossier_change.dossier_key IS 'The dossier -> dw.fact_dossier.dossier_key (the row may since have been deleted).';
COMMENT ON COLUMN audit.dossier_change.received_date_key_after IS 'received_date_key of the row after the change (the partition it is in, with dossier_key the fact table''s primary key: where a refresh finds the state that replaced this one); null when the change deleted the row.';
-- the other columns are those of dw.fact_dossier before the change: their comments say so
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT a.attname, col_description('dw.fact_dossier'::regclass, a.attnum) AS description
             FROM pg_attribute a
             JOIN pg_attribute l ON l.attrelid = 'audit.dossier_change'::regclass AND l.attname = a.attname
             WHERE a.attrelid = 'dw.fact_dossier'::regclass AND a.attnum > 0 AND NOT a.attisdropped
               AND a.attname <> 'dossier_key'
    LOOP
        EXECUTE format('COMMENT ON COLUMN audit.dossier_change.%I IS %L', c.attname,
                       'Before the change: ' || c.description);
    END LOOP;
END
$$;

CREATE FUNCTION audit.log_dossier_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO audit.dossier_change (
            dossier_key, unit_key, procedure_key, field_key, channel_code, status_code, received_date_key,
            due_date_key, finished_date_key, due_at, finished_at, online_level_at_receipt, timeliness, has_fee,
            paid_online, returned_by_post, digitised_input, electronic_result, supplement_count, supplement_wait_days,
            source_event_at, received_date_key_after)
        SELECT o.dossier_key, o.unit_key, o.procedure_key, o.field_key, o.channel_code, o.status_code,
               o.received_date_key, o.due_date_key, o.finished_date_key, o.due_at, o.finished_at,
               o.online_level_at_receipt, o.timeliness, o.has_fee, o.paid_online, o.returned_by_post,
               o.digitised_input, o.electronic_result, o.supplement_count, o.supplement_wait_days, o.source_event_at,
               n.received_date_key
        FROM replaced o
        JOIN replacing n USING (dossier_key);
    ELSE
        INSERT INTO audit.dossier_change (
            dossier_key, unit_key, procedure_key, field_key, channel_code, status_code, received_date_key,
            due_date_key, finished_date_key, due_at, finished_at, online_level_at_receipt, timeliness, has_fee,
            paid_online, returned_by_post, digitised_input, electronic_result, supplement_count, supplement_wait_days,
            source_event_at)
        SELECT dossier_key, unit_key, procedure_key, field_key, channel_code, status_code, received_date_key,
               due_date_key, finished_date_key, due_at, finished_at, online_level_at_receipt, timeliness, has_fee,
               paid_online, returned_by_post, digitised_input, electronic_result, supplement_count,
               supplement_wait_days, source_event_at
        FROM replaced;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION audit.log_dossier_change() IS 'Statement trigger of dw.fact_dossier (UPDATE, DELETE): logs the replaced rows into audit.dossier_change, with the day of receipt of the row that replaced each (null when deleted).';

CREATE FUNCTION audit.recompute_fact_marts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE mart.refreshed_period SET change_id = NULL, dossier_key = NULL WHERE change_id IS NOT NULL;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION audit.recompute_fact_marts() IS 'Statement trigger of dw.fact_dossier (TRUNCATE): the old rows cannot be logged, so every period of the marts computed from the fact table is to be recomputed whole.';

CREATE TRIGGER log_updated_dossiers AFTER UPDATE ON dw.fact_dossier
    REFERENCING OLD TABLE AS replaced NEW TABLE AS replacing FOR EACH STATEMENT
    EXECUTE FUNCTION audit.log_dossier_change();
CREATE TRIGGER log_deleted_dossiers AFTER DELETE ON dw.fact_dossier
    REFERENCING OLD TABLE AS replaced FOR EACH STATEMENT EXECUTE FUNCTION audit.log_dossier_change();
CREATE TRIGGER recompute_after_truncate AFTER TRUNCATE ON dw.fact_dossier
    FOR EACH STATEMENT EXECUTE FUNCTION audit.recompute_fact_marts();
