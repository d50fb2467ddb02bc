/**
 * After every Run (and before every lab command) the tab's database goes back to a known state:
 * a reader's SQL runs as the superuser of a database shared by every example and lab, so it can
 * leave things behind that no schema reset removes and that break everything after it: an event
 * trigger that fails every DDL, a temporary `_prisma_migrations` shadowing a lab's table, settings,
 * large objects, foreign data wrappers, publications, objects planted in information_schema, a
 * stray `prisma_lab_*` schema, a replaced built-in function.
 *
 * One catalog query says whether anything of that exists (~2 ms on a clean database in Node, 5-30
 * ms in a browser's worker while its WebAssembly is still being optimised), and only what is found
 * is removed. What cannot be undone in place (a built-in catalog row changed) is reported as
 * unrecoverable: the caller then starts from a fresh database.
 *
 * Everything the check looks for is a catalog row inserted, updated or deleted, which only a
 * transaction that was given a transaction id can do. So a Run that wrote nothing (a SELECT, an
 * EXPLAIN, a CREATE … IF NOT EXISTS that found its object) leaves the next transaction id where the
 * last clean check saw it, and the check is skipped: the database is provably as clean as it was.
 */
import type { ProtocolDatabase } from './wire.ts';

/** Objects with an oid below this came with the database (initdb); readers' objects are above. */
const FIRST_NORMAL_OID = 16384;
const SYSTEM_SCHEMAS = `('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace)`;

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Casts, languages and access methods an extension made (citext's casts, bloom's access method) go with the extension. */
const notOfExtension = (catalog: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend WHERE classid = '${catalog}'::regclass AND objid = ${catalog}.oid AND deptype = 'e')`;

/** The transaction id the next write will get: it moves whenever any transaction wrote anything. */
const NEXT_XID_SQL = 'SELECT txid_snapshot_xmax(txid_current_snapshot())';

/** What the check looks for, in the order cleanup handles it, with a reader-facing name. */
const CHECKS = [
  ['event_triggers', 'event triggers', `EXISTS (SELECT 1 FROM pg_event_trigger)`],
  ['lab_schemas', "schemas named like a lab's", ''],
  ['large_objects', 'large objects', `EXISTS (SELECT 1 FROM pg_largeobject_metadata)`],
  [
    'foreign_data',
    'foreign data wrappers and servers',
    `EXISTS (SELECT 1 FROM pg_foreign_data_wrapper) OR EXISTS (SELECT 1 FROM pg_foreign_server)`,
  ],
  ['publications', 'publications', `EXISTS (SELECT 1 FROM pg_publication)`],
  ['settings', 'settings saved with ALTER ROLE/ALTER DATABASE … SET', `EXISTS (SELECT 1 FROM pg_db_role_setting)`],
  [
    'system_objects',
    'objects created in pg_catalog or information_schema',
    `EXISTS (SELECT 1 FROM pg_class WHERE oid >= ${FIRST_NORMAL_OID} AND relnamespace IN ${SYSTEM_SCHEMAS} AND relkind NOT IN ('t', 'i'))
    OR EXISTS (SELECT 1 FROM pg_proc WHERE oid >= ${FIRST_NORMAL_OID} AND pronamespace IN ${SYSTEM_SCHEMAS})
    OR EXISTS (SELECT 1 FROM pg_type WHERE oid >= ${FIRST_NORMAL_OID} AND typnamespace IN ${SYSTEM_SCHEMAS} AND typrelid = 0 AND typcategory <> 'A')
    OR EXISTS (SELECT 1 FROM pg_operator WHERE oid >= ${FIRST_NORMAL_OID} AND oprnamespace IN ${SYSTEM_SCHEMAS})`,
  ],
  [
    'global_objects',
    "casts, languages, access methods and extensions outside the example's schemas",
    `EXISTS (SELECT 1 FROM pg_cast WHERE oid >= ${FIRST_NORMAL_OID} AND ${notOfExtension('pg_cast')})
    OR EXISTS (SELECT 1 FROM pg_language WHERE oid >= ${FIRST_NORMAL_OID} AND ${notOfExtension('pg_language')}) OR EXISTS (SELECT 1 FROM pg_am WHERE oid >= ${FIRST_NORMAL_OID} AND ${notOfExtension('pg_am')})
    OR EXISTS (SELECT 1 FROM pg_extension WHERE oid >= ${FIRST_NORMAL_OID} AND extnamespace IN ${SYSTEM_SCHEMAS})`,
  ],
  ['databases', 'other databases', `EXISTS (SELECT 1 FROM pg_database WHERE oid >= ${FIRST_NORMAL_OID} AND datname <> current_database())`],
] as const;

type CheckName = (typeof CHECKS)[number][0];

/** Rows that came with the database but were changed after `baseline`: cannot be put back in place. */
function unrecoverableCheck(baseline: number): string {
  const changed = (catalog: string, extra = '') =>
    `EXISTS (SELECT 1 FROM ${catalog} WHERE oid < ${FIRST_NORMAL_OID} AND age(xmin) <= age('${baseline}'::xid)${extra})`;
  return [
    changed('pg_proc'),
    changed('pg_class'),
    changed('pg_type'),
    changed('pg_operator'),
    changed('pg_authid'),
    changed('pg_database'),
    changed('pg_language'),
    // `public` (2200) is dropped and recreated by every reset and renamed by labs: it is the readers'.
    changed('pg_namespace', ' AND oid <> 2200'),
    `EXISTS (SELECT 1 FROM pg_collation WHERE oid >= ${FIRST_NORMAL_OID} AND collnamespace IN ${SYSTEM_SCHEMAS})`,
    `EXISTS (SELECT 1 FROM pg_ts_config WHERE oid >= ${FIRST_NORMAL_OID} AND cfgnamespace IN ${SYSTEM_SCHEMAS})`,
    `EXISTS (SELECT 1 FROM pg_opfamily WHERE oid >= ${FIRST_NORMAL_OID} AND opfnamespace IN ${SYSTEM_SCHEMAS})`,
    `NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)`,
  ].join('\n    OR ');
}

export function checkSql(baseline: number | undefined, labSchemas: readonly string[]): string {
  const lab = `EXISTS (SELECT 1 FROM pg_namespace WHERE nspname LIKE 'prisma\\_lab\\_%' AND nspname <> ALL (ARRAY[${labSchemas.map(literal).join(', ')}]::text[]))`;
  const columns = CHECKS.map(([name, , sql]) => `${name === 'lab_schemas' ? lab : sql} AS ${name}`);
  columns.push(`${baseline === undefined ? 'false' : unrecoverableCheck(baseline)} AS unrecoverable`);
  return `SELECT ${columns.join(',\n  ')}`;
}

/** Removes what the check found; event triggers first, since every DROP below would fire them. */
function cleanupSql(found: Set<CheckName>, labSchemas: readonly string[]): string {
  const steps: string[] = [];
  if (found.has('event_triggers'))
    steps.push(`FOR item IN SELECT evtname FROM pg_event_trigger LOOP EXECUTE format('DROP EVENT TRIGGER %I', item.evtname); END LOOP;`);
  if (found.has('lab_schemas')) {
    steps.push(`FOR item IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'prisma\\_lab\\_%' AND nspname <> ALL (ARRAY[${labSchemas.map(literal).join(', ')}]::text[])
    LOOP EXECUTE format('DROP SCHEMA %I CASCADE', item.nspname); END LOOP;`);
  }
  if (found.has('large_objects')) steps.push(`PERFORM lo_unlink(oid) FROM pg_largeobject_metadata;`);
  if (found.has('foreign_data')) {
    steps.push(
      `FOR item IN SELECT fdwname FROM pg_foreign_data_wrapper LOOP EXECUTE format('DROP FOREIGN DATA WRAPPER %I CASCADE', item.fdwname); END LOOP;`,
    );
  }
  if (found.has('publications'))
    steps.push(`FOR item IN SELECT pubname FROM pg_publication LOOP EXECUTE format('DROP PUBLICATION %I', item.pubname); END LOOP;`);
  if (found.has('settings')) steps.push(`DELETE FROM pg_db_role_setting;`);
  if (found.has('system_objects')) {
    steps.push(`FOR item IN SELECT oid::regclass AS name, relkind FROM pg_class WHERE oid >= ${FIRST_NORMAL_OID} AND relnamespace IN ${SYSTEM_SCHEMAS} AND relkind NOT IN ('t', 'i')
    LOOP EXECUTE format('DROP %s IF EXISTS %s CASCADE', CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
      WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END, item.name); END LOOP;
  FOR item IN SELECT oid::regprocedure AS name FROM pg_proc WHERE oid >= ${FIRST_NORMAL_OID} AND pronamespace IN ${SYSTEM_SCHEMAS}
    LOOP EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', item.name); END LOOP;
  FOR item IN SELECT oid::regoperator AS name FROM pg_operator WHERE oid >= ${FIRST_NORMAL_OID} AND oprnamespace IN ${SYSTEM_SCHEMAS}
    LOOP EXECUTE format('DROP OPERATOR IF EXISTS %s CASCADE', item.name); END LOOP;
  FOR item IN SELECT oid::regtype AS name FROM pg_type WHERE oid >= ${FIRST_NORMAL_OID} AND typnamespace IN ${SYSTEM_SCHEMAS} AND typrelid = 0 AND typcategory <> 'A'
    LOOP EXECUTE format('DROP TYPE IF EXISTS %s CASCADE', item.name); END LOOP;`);
  }
  if (found.has('global_objects')) {
    steps.push(`FOR item IN SELECT castsource::regtype AS source, casttarget::regtype AS target FROM pg_cast WHERE oid >= ${FIRST_NORMAL_OID} AND ${notOfExtension('pg_cast')}
    LOOP EXECUTE format('DROP CAST IF EXISTS (%s AS %s) CASCADE', item.source, item.target); END LOOP;
  FOR item IN SELECT extname FROM pg_extension WHERE oid >= ${FIRST_NORMAL_OID} AND extnamespace IN ${SYSTEM_SCHEMAS}
    LOOP EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', item.extname); END LOOP;
  FOR item IN SELECT lanname FROM pg_language WHERE oid >= ${FIRST_NORMAL_OID} AND ${notOfExtension('pg_language')}
    LOOP EXECUTE format('DROP LANGUAGE IF EXISTS %I CASCADE', item.lanname); END LOOP;
  FOR item IN SELECT amname FROM pg_am WHERE oid >= ${FIRST_NORMAL_OID} AND ${notOfExtension('pg_am')}
    LOOP EXECUTE format('DROP ACCESS METHOD IF EXISTS %I CASCADE', item.amname); END LOOP;`);
  }
  return steps.length > 0 ? `DO $restore$\nDECLARE item record;\nBEGIN\n  ${steps.join('\n  ')}\nEND\n$restore$` : '';
}

export interface RestoreOutcome {
  /** Reader-facing names of what was removed. */
  removed: string[];
  /** Set when the database cannot be brought back in place; it must be replaced. */
  unrecoverable?: string;
  /** Where the database stood when the check found it clean; pass it to the next restore. */
  cleanMark?: string;
}

export class UnrestorableStateError extends Error {
  override name = 'UnrestorableStateError';
}

type Query = (
  db: ProtocolDatabase,
  sql: string,
  maxRows?: number,
) => Promise<{ statements: { result?: { rows: (string | null)[][] } }[]; error?: { message: string } }>;

/**
 * The transaction id from which on a change to a built-in catalog row is the readers' doing, and
 * the user the session started as; read once the database is in its starting state.
 */
export async function readBaseline(db: ProtocolDatabase, query: Query): Promise<{ baseline: number; sessionUser: string }> {
  const reply = await query(db, 'SELECT txid_snapshot_xmax(txid_current_snapshot()), session_user', 1);
  const row = reply.statements[0]?.result?.rows[0] ?? [];
  return { baseline: Number(row[0] ?? 0), sessionUser: String(row[1] ?? 'postgres') };
}

/**
 * Puts the session and the database back: session state always (DISCARD ALL: role, session
 * authorization, settings, temporary objects, advisory locks, LISTEN), the rest when the check
 * finds it. `labSchemas` are the labs' own schemas, which stay.
 */
export async function restoreKnownState(
  db: ProtocolDatabase,
  query: Query,
  options: { baseline?: number; sessionUser?: string; labSchemas: readonly string[]; cleanMark?: string },
): Promise<RestoreOutcome> {
  await query(db, 'ROLLBACK');
  // PGlite ignores SET SESSION AUTHORIZATION DEFAULT (and so DISCARD ALL's part of it): name the user.
  if (options.sessionUser !== undefined) await query(db, `SET SESSION AUTHORIZATION "${options.sessionUser.replaceAll('"', '""')}"`);
  // After the ROLLBACK and DISCARD ALL (which drops temporary objects, a write of its own).
  await query(db, 'DISCARD ALL');
  const next = await query(db, NEXT_XID_SQL, 1);
  const xid = next.statements[0]?.result?.rows[0]?.[0];
  // The baseline and the lab schemas to keep are part of what "clean" meant.
  const mark = xid == null ? undefined : `${xid}:${options.baseline}:${options.labSchemas.join(',')}`;
  if (mark !== undefined && mark === options.cleanMark) return { removed: [], cleanMark: mark };
  const check = await query(db, checkSql(options.baseline, options.labSchemas), 1);
  if (check.error) return { removed: [], unrecoverable: `the state check failed (${check.error.message})` };
  const row = check.statements[0]?.result?.rows[0] ?? [];
  const found = new Set<CheckName>(CHECKS.flatMap(([name], index) => (row[index] === 't' ? [name] : [])));
  if (row[CHECKS.length] === 't')
    return { removed: [], unrecoverable: "a change to PostgreSQL's own catalog (a built-in function, type, role or schema)" };
  if (found.size === 0) return mark === undefined ? { removed: [] } : { removed: [], cleanMark: mark };
  const cleanup = cleanupSql(found, options.labSchemas);
  if (cleanup) {
    const reply = await query(db, cleanup);
    if (reply.error) return { removed: [], unrecoverable: `the cleanup failed (${reply.error.message})` };
  }
  if (found.has('databases')) {
    const names = await query(
      db,
      `SELECT datname FROM pg_database WHERE oid >= ${FIRST_NORMAL_OID} AND datname <> current_database()`,
      1000,
    );
    for (const [name] of names.statements[0]?.result?.rows ?? []) {
      // DROP DATABASE cannot run inside a function or a transaction block: one statement each.
      const dropped = await query(db, `DROP DATABASE IF EXISTS "${String(name).replaceAll('"', '""')}" WITH (FORCE)`);
      if (dropped.error) return { removed: [], unrecoverable: `another database could not be dropped (${dropped.error.message})` };
    }
  }
  return { removed: CHECKS.filter(([name]) => found.has(name)).map(([, label]) => label) };
}
