-- Units named by a PAKN list but not (yet) in the unit list: inferred members (staging.infer_units, migration
-- 0011), completed when the unit list arrives.
SELECT staging.infer_units('stg_petition') AS inferred_unit_petition;  -- the key audit.file_load has always used
