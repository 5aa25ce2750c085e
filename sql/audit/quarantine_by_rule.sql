-- Quarantined rows of the given loads, counted by rule.
SELECT rule, count(*) FROM audit.quarantine
WHERE load_id = ANY(%(load_ids)s)
GROUP BY rule
ORDER BY count(*) DESC, rule;
