-- Record in mart.refreshed_period what a refresh brought up to date: one row per mart and period (arrays of the
-- same length: %(marts)s, %(calendars)s, %(codes)s, %(first_days)s, %(last_days)s, %(recomputed)s: computed
-- whole, %(change_ids)s and %(dossier_keys)s: the position of the marts computed from dw.fact_dossier, null for
-- the others). Run under the refresh's lock (sql/marts/lock_for_refresh.sql).
MERGE INTO mart.refreshed_period r
USING unnest(%(marts)s::text[], %(calendars)s::text[], %(codes)s::text[], %(first_days)s::date[],
             %(last_days)s::date[], %(recomputed)s::boolean[], %(change_ids)s::bigint[], %(dossier_keys)s::bigint[])
      AS p (mart, calendar, period_code, first_day, last_day, recomputed, change_id, dossier_key)
   ON r.mart = p.mart AND r.calendar = p.calendar AND r.period_code = p.period_code
WHEN MATCHED THEN UPDATE SET
    period_first_day = p.first_day,
    period_last_day = p.last_day,
    refreshed_at = now(),
    recomputed_at = CASE WHEN p.recomputed THEN now() ELSE r.recomputed_at END,
    change_id = p.change_id,
    dossier_key = p.dossier_key
WHEN NOT MATCHED THEN
    INSERT (mart, calendar, period_code, period_first_day, period_last_day, refreshed_at, recomputed_at, change_id,
            dossier_key)
    VALUES (p.mart, p.calendar, p.period_code, p.first_day, p.last_day, now(), now(), p.change_id, p.dossier_key);
