-- 0015: the analyst role is read-only in the warehouse database, by privileges (what a session cannot undo).
--
-- What a login that is a member of analyst can do in this database: read dw and mart (SELECT, granted in
-- 0001-0008), nothing else. It cannot write a table (no INSERT/UPDATE/DELETE/TRUNCATE granted), create a table,
-- schema or function (no CREATE on the database or on any schema: 0001 revoked public's), create a temporary
-- table (TEMPORARY revoked from PUBLIC in 0001, again here), nor create or write a large object: the lo_*
-- functions that create, write, truncate or unlink one are no longer executable by PUBLIC in this database
-- (large objects need no table privilege, so without this any login could store data with lo_from_bytea).
-- Sessions of the role default to read-only transactions (default_transaction_read_only, set for this
-- database only); a session may turn that default off, so it is a convenience, not the barrier. A role's
-- settings are not inherited: docs/warehouse.md §1 sets the same default on each analyst login.
--
-- Not covered, because they are not this database's to grant: other databases of the cluster (postgres,
-- template1, Airflow's), where PUBLIC may connect and create temporary tables and large objects unless the DBA
-- revokes it (REVOKE CONNECT ON DATABASE postgres FROM PUBLIC, or pg_hba.conf); a login changing its own session
-- defaults (ALTER ROLE ... SET, a cluster-wide catalogue). Function privileges are per database: the REVOKEs
-- below change nothing elsewhere. They need a superuser (the functions belong to the bootstrap superuser): the
-- check at the end refuses the migration rather than leave the promise untrue.
DO $$
DECLARE
    writer regprocedure;
BEGIN
    EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM analyst', current_database());
    EXECUTE format('ALTER ROLE analyst IN DATABASE %I SET default_transaction_read_only = on', current_database());
    FOREACH writer IN ARRAY ARRAY[
        'pg_catalog.lo_creat(integer)', 'pg_catalog.lo_create(oid)', 'pg_catalog.lo_from_bytea(oid, bytea)',
        'pg_catalog.lo_import(text)', 'pg_catalog.lo_import(text, oid)', 'pg_catalog.lo_put(oid, bigint, bytea)',
        'pg_catalog.lowrite(integer, bytea)', 'pg_catalog.lo_truncate(integer, integer)',
        'pg_catalog.lo_truncate64(integer, bigint)', 'pg_catalog.lo_unlink(oid)']::regprocedure[]
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', writer);
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM analyst', writer);
        IF has_function_privilege('analyst', writer, 'EXECUTE') THEN
            RAISE EXCEPTION 'analyst can still execute % in database %: run this migration as a superuser',
                writer, current_database();
        END IF;
    END LOOP;
END
$$;
