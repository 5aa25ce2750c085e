-- Units named by dossiers but not (yet) in the unit list: inferred members (staging.infer_units, migration
-- 0011), completed when the unit list arrives.
SELECT staging.infer_units('stg_dossier') AS inferred_unit;
