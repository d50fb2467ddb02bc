/**
 * Back to a new database's schemas, in SQL: the examples' reset (session.ts) and the lab's shadow
 * database between two uses (lab.ts) both run it. PostgreSQL reserves the `pg_` prefix for its own
 * schemas (pg_catalog, pg_toast, the temporary ones), so "not pg_…, not information_schema" is
 * every schema a script could have created.
 */

/** A PL/pgSQL loop (inside a DO block that declares `item record`); `keepLike`: schemas to leave, as a LIKE pattern. */
export function dropEverySchema(keepLike?: string): string {
  const keep = keepLike === undefined ? '' : ` AND nspname NOT LIKE '${keepLike.replaceAll("'", "''")}'`;
  return `FOR item IN SELECT nspname FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'${keep}
  LOOP EXECUTE format('DROP SCHEMA %I CASCADE', item.nspname); END LOOP;`;
}

/** `public` as initdb makes it: owned by the database owner, usable by everyone, with its comment. */
export const NEW_PUBLIC_SCHEMA = `CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';`;
