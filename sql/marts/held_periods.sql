-- The periods the marts hold (mart.refreshed_period): what a nightly refresh brings up to date, and for the marts
-- computed from dw.fact_dossier the position each period is at (null: to be recomputed whole).
SELECT mart, calendar, period_code, period_first_day, period_last_day, change_id, dossier_key
FROM mart.refreshed_period
ORDER BY mart, calendar, period_last_day, period_code;
