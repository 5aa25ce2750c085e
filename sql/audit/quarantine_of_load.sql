-- The rows one load has set aside so far, inside its transaction, in the order they were read: the error of a
-- file of an all-or-nothing kind (etl/kinds.py) names each, and the transaction then rolls back.
SELECT record_key, reason, value
FROM audit.quarantine
WHERE load_id = %(load_id)s
ORDER BY quarantine_id;
