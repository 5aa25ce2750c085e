-- Units with their parents (province -> district -> commune, tỉnh -> huyện -> xã), current rows of dim_unit:
-- depth, indented name, codes, level, parent name, the dossiers the unit handled itself and those of its
-- whole subtree (itself and every unit below it: each dossier counted once, no double counting).
-- Units without a parent come first in their own tree; inferred units (is_inferred: known only from
-- dossiers, not yet in the unit list) have no level and no parent and are listed last.
WITH RECURSIVE tree AS (
    SELECT u.unit_key, u.unit_code, u.gso_code, u.name, u.level, u.is_inferred,
           NULL::text AS parent_name, 1 AS depth, ARRAY[u.name] AS path, ARRAY[u.unit_key] AS keys
    FROM dw.dim_unit u
    WHERE u.valid_to = date '9999-12-31' AND u.parent_unit_key IS NULL
    UNION ALL
    SELECT c.unit_key, c.unit_code, c.gso_code, c.name, c.level, c.is_inferred,
           t.name, t.depth + 1, t.path || c.name, t.keys || c.unit_key
    FROM tree t
    JOIN dw.dim_unit c ON c.parent_unit_key = t.unit_key AND c.valid_to = date '9999-12-31'
    WHERE c.unit_key <> ALL (t.keys)
), dossiers AS (
    SELECT unit_key, count(*) AS n FROM dw.fact_dossier GROUP BY unit_key
)
SELECT t.depth,
       repeat('    ', t.depth - 1) || t.name AS don_vi,
       t.unit_code,
       t.gso_code,
       t.level,
       t.parent_name AS don_vi_cap_tren,
       t.is_inferred,
       coalesce(own.n, 0) AS so_ho_so_cua_don_vi,
       (SELECT coalesce(sum(d.n), 0) FROM tree below JOIN dossiers d ON d.unit_key = below.unit_key
        WHERE t.unit_key = ANY (below.keys)) AS so_ho_so_ca_cay
FROM tree t
LEFT JOIN dossiers own ON own.unit_key = t.unit_key
ORDER BY t.is_inferred, t.path;
