-- copytrade_app: the role the services write through. It owns nothing, so it cannot ALTER TABLE ...
-- DISABLE TRIGGER or DROP the append-only triggers; on audit_log it may only read and insert.
-- NOLOGIN: a deployment grants it to the login role the services use (README, "Database roles").
-- Roles are cluster-wide and schemas may be migrated concurrently: create it only when missing, and
-- treat losing that race as success.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'copytrade_app') THEN
    CREATE ROLE "copytrade_app" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;

-- Privileges in the schema being migrated (the runner sets search_path to it).
DO $$
DECLARE
  target text := current_schema();
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO "copytrade_app"', target);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO "copytrade_app"', target);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO "copytrade_app"', target);
  -- Tables and sequences later migrations create (as this same owner) get the same DML privileges.
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "copytrade_app"', target);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO "copytrade_app"', target);
END $$;

REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_log" FROM "copytrade_app";
REVOKE ALL ON "_prisma_migrations" FROM "copytrade_app";
