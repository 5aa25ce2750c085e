-- Point every current unit at its current parent (by the parent's GSO code).
UPDATE dw.dim_unit child
SET parent_unit_key = parent.unit_key, updated_at = now()
FROM dw.dim_unit parent
WHERE parent.gso_code = child.parent_gso_code
  AND parent.valid_to = DATE '9999-12-31'
  AND child.valid_to = DATE '9999-12-31'
  AND child.parent_unit_key IS DISTINCT FROM parent.unit_key;
