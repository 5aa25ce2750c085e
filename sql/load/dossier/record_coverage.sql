-- What the file tells about the days the warehouse holds data of each of its units (audit.data_coverage,
-- migration 0013), per source (audit.landed_file.source of the file) and unit code: the earliest local day of
-- receipt and the latest local day with data (receipt, end of processing, return, latest event); a day after
-- the load date is a typing error, not data. The range only widens (least / greatest), so a re-run changes
-- nothing and loads in parallel agree; declared_from is the source's complete_from (config/sources.yaml).
-- One statement; units whose row already holds the range are not touched (no row lock, no new row version).
-- The last write of the file: the rows it locks are held only until the file's commit.
WITH seen AS (
    SELECT s.ma_don_vi AS unit_code,
           min(d.received) FILTER (WHERE d.received <= %(load_date)s::date) AS first_day,
           max(greatest(CASE WHEN d.received <= %(load_date)s::date THEN d.received END,
                        CASE WHEN d.finished <= %(load_date)s::date THEN d.finished END,
                        CASE WHEN d.returned <= %(load_date)s::date THEN d.returned END,
                        CASE WHEN d.event <= %(load_date)s::date THEN d.event END)) AS last_day
    FROM stg_dossier s
    CROSS JOIN LATERAL (SELECT (s.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS received,
                               (s.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS finished,
                               (s.returned_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS returned,
                               (s.source_event_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS event) AS d
    GROUP BY s.ma_don_vi
), file AS (
    SELECT source FROM audit.landed_file WHERE file_id = %(file_id)s
)
INSERT INTO audit.data_coverage AS c (source, unit_code, first_day, last_day, declared_from)
SELECT f.source, s.unit_code, s.first_day, s.last_day, %(complete_from)s::date
FROM seen s
CROSS JOIN file f
WHERE s.first_day IS NOT NULL  -- then last_day is not null either
  AND NOT EXISTS (
    SELECT FROM audit.data_coverage k
    WHERE k.source = f.source AND k.unit_code = s.unit_code
      AND k.first_day <= s.first_day AND k.last_day >= s.last_day
      AND k.declared_from IS NOT DISTINCT FROM %(complete_from)s::date)
ORDER BY s.unit_code  -- one lock order for every load: two parallel loads cannot deadlock here
ON CONFLICT (source, unit_code) DO UPDATE SET
    first_day = least(c.first_day, EXCLUDED.first_day),
    last_day = greatest(c.last_day, EXCLUDED.last_day),
    declared_from = EXCLUDED.declared_from,
    updated_at = now()
WHERE (c.first_day, c.last_day, c.declared_from)
      IS DISTINCT FROM (least(c.first_day, EXCLUDED.first_day), greatest(c.last_day, EXCLUDED.last_day),
                        EXCLUDED.declared_from);
