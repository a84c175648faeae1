-- Database roles for production (ADR 0006). Two roles:
--   venlo_eigenaar  owns the tables; runs `manage.py migrate` and the retention command
--   venlo_app       web, worker and beat log in as this role; it does not own any table
-- The append-only triggers can only be disabled by a table's owner, so venlo_app cannot switch them off,
-- and without UPDATE/DELETE/TRUNCATE rights it cannot get past them either, not even with
-- pgtrigger.ignore (a session setting anyone may set).

-- 1. Once, as a superuser:
--   CREATE ROLE venlo_eigenaar LOGIN PASSWORD '…';
--   CREATE ROLE venlo_app LOGIN PASSWORD '…';
--   CREATE DATABASE venlo OWNER venlo_eigenaar;
-- 2. As venlo_eigenaar: `manage.py migrate`, then in database venlo:

GRANT USAGE ON SCHEMA public TO venlo_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO venlo_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO venlo_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO venlo_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO venlo_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditrecord FROM venlo_app;
REVOKE DELETE, TRUNCATE ON audit_kettingkop FROM venlo_app;
REVOKE UPDATE, DELETE, TRUNCATE ON cases_casusstatus FROM venlo_app;
