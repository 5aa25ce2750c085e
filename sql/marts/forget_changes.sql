-- The old states in audit.dossier_change that every period of the marts computed from dw.fact_dossier has taken
-- in are no longer needed (a period to be recomputed whole needs none); with no such period, none is needed up to
-- the refresh's own position %(change_id)s. Run at the end of a refresh, under its lock.
DELETE FROM audit.dossier_change
WHERE change_id <= coalesce((SELECT min(change_id) FROM mart.refreshed_period WHERE change_id IS NOT NULL),
                            %(change_id)s);
