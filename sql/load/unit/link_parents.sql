-- Point every unit version at the version of its parent (by GSO code) in force on the day it starts.
UPDATE dw.dim_unit child
SET parent_unit_key = parent.unit_key, updated_at = now()
FROM dw.dim_unit parent
WHERE parent.gso_code = child.parent_gso_code
  AND child.valid_from >= parent.valid_from AND child.valid_from < parent.valid_to
  AND child.parent_unit_key IS DISTINCT FROM parent.unit_key;
