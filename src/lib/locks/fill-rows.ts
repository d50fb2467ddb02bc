/**
 * "With N rows": adds N generated rows to every table an example's setup created, so a reader can
 * see a metadata-only change stay flat while a rewrite or a validating scan grows with the table.
 *
 * Nothing is written per fixture: the tables, their columns, keys, unique indexes and foreign keys
 * are read from the catalog after the setup ran, and one INSERT … SELECT FROM generate_series per
 * table is derived from them. Referenced tables are filled first, and a foreign key takes its values
 * from rows the referenced table really has. A table that cannot be filled (a NOT NULL column of a
 * type this module cannot generate, a CHECK the generated values break) is reported with the
 * database's reason, and the others are still filled.
 */
import { query, type ProtocolDatabase } from '../sql-runtime/wire.ts';

export interface FilledTable {
  /** As the reader writes it: `Post`, `audit.log`. */
  table: string;
  /** Rows this fill added (a row that would break a unique index is skipped, not forced). */
  added: number;
  /** Why the table got no rows, in words. */
  error?: string;
}

export interface FillReport {
  rows: number;
  tables: FilledTable[];
  ms: number;
}

interface Column {
  name: string;
  /** format_type of the column: what a value is cast to. */
  type: string;
  /** The base type's category (pg_type.typcategory), domains resolved. */
  category: string;
  baseName: string;
  notNull: boolean;
  /** The default's expression, when there is one. */
  defaultExpr: string | null;
  /** Identity or generated: the database fills it and refuses a value. */
  automatic: boolean;
  unique: boolean;
}

interface ForeignKey {
  columns: string[];
  parentOid: string;
  parentColumns: string[];
}

interface Table {
  oid: string;
  /** Quoted, schema-qualified: what goes into the SQL. */
  sqlName: string;
  name: string;
  columns: Column[];
  foreignKeys: ForeignKey[];
}

// Every name is qualified with pg_catalog, so a reader's objects cannot change the answer. The labs'
// schemas share the database but are not an example's tables.
const TABLES_SQL = `
SELECT json_build_object(
  'oid', c.oid::text,
  'sqlName', pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),
  'name', CASE WHEN n.nspname = 'public' THEN c.relname::text ELSE n.nspname || '.' || c.relname END,
  'columns', COALESCE((
    SELECT json_agg(json_build_object(
      'name', a.attname,
      'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
      'category', bt.typcategory,
      'baseName', bt.typname,
      'notNull', a.attnotnull OR t.typnotnull,
      'defaultExpr', pg_catalog.pg_get_expr(d.adbin, d.adrelid),
      'automatic', a.attidentity <> '' OR a.attgenerated <> '',
      'unique', EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND a.attnum = ANY (i.indkey))
    ) ORDER BY a.attnum)
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
    JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'),
  'foreignKeys', COALESCE((
    SELECT json_agg(json_build_object(
      'columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.conkey) WITH ORDINALITY k(num, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.num),
      'parentOid', f.confrelid::text,
      'parentColumns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.confkey) WITH ORDINALITY k(num, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.num)
    ))
    FROM pg_catalog.pg_constraint f WHERE f.conrelid = c.oid AND f.contype = 'f'), '[]')
)::text
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT LIKE 'prisma\\_lab\\_%'
ORDER BY c.oid`;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function readTables(db: ProtocolDatabase): Promise<Table[]> {
  const reply = await query(db, TABLES_SQL, Number.MAX_SAFE_INTEGER);
  if (reply.error) throw new Error(`could not read the tables: ${reply.error.message}`);
  const rows = reply.statements[0]?.result?.rows ?? [];
  return rows.map((row) => JSON.parse(row[0] ?? '{}') as Table);
}

/** Referenced tables first; a cycle (or a table referencing itself) is broken where it closes. */
function fillOrder(tables: Table[]): Table[] {
  const byOid = new Map(tables.map((table) => [table.oid, table]));
  const ordered: Table[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: Table) => {
    if (state.has(table.oid)) return;
    state.set(table.oid, 'visiting');
    for (const key of table.foreignKeys) {
      const parent = byOid.get(key.parentOid);
      if (parent && parent !== table) visit(parent);
    }
    state.set(table.oid, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/**
 * A value for row `g` that PostgreSQL accepts for the column, or undefined when this module has no
 * way to make one. `unique` values never repeat within a fill; the table name keeps them apart from
 * other tables' values, and the offset from the rows the setup already put there.
 */
function generated(column: Column, table: Table): string | undefined {
  const cast = (expr: string) => `(${expr})::${column.type}`;
  const salt = literal(`${table.name}.${column.name}`);
  switch (column.category) {
    case 'N':
      return column.unique ? cast(`(SELECT COALESCE(max(${ident(column.name)}), 0) FROM ${table.sqlName}) + g`) : cast(`g % 1000`);
    case 'S':
      return column.unique ? cast(`'row-' || g || '-' || left(md5(${salt}), 6)`) : cast(`'row ' || g`);
    case 'B':
      return `g % 2 = 0`;
    case 'D':
      return cast(`timestamp '2024-01-01' + g * interval '1 second'`);
    case 'T':
      return cast(`g * interval '1 second'`);
    case 'E':
      return `(pg_catalog.enum_range(NULL::${column.type}))[1 + g % pg_catalog.array_length(pg_catalog.enum_range(NULL::${column.type}), 1)]`;
    case 'A':
      return column.unique ? undefined : cast(`'{}'`);
    case 'U':
      if (column.baseName === 'uuid') return cast(`md5(${salt} || g)`);
      if (column.baseName === 'json' || column.baseName === 'jsonb') return cast(`json_build_object('n', g)::text`);
      if (column.baseName === 'bytea') return cast(`decode(md5(${salt} || g), 'hex')`);
      return undefined;
    default:
      return undefined;
  }
}

interface Plan {
  sql?: string;
  error?: string;
}

/** What a column with a default does: a sequence or a non-unique column keeps its default. */
function keepsDefault(column: Column): boolean {
  return column.defaultExpr !== null && (!column.unique || /\bnextval\(/i.test(column.defaultExpr));
}

async function rowCount(db: ProtocolDatabase, sqlName: string): Promise<number> {
  const reply = await query(db, `SELECT count(*) FROM ${sqlName}`, 1);
  return Number(reply.statements[0]?.result?.rows[0]?.[0] ?? 0);
}

async function plan(db: ProtocolDatabase, table: Table, byOid: Map<string, Table>, rows: number): Promise<Plan> {
  const targets: string[] = [];
  const values: string[] = [];
  const joins: string[] = [];
  const fromKey = new Map<string, string>();
  for (const [index, key] of table.foreignKeys.entries()) {
    if (key.columns.some((name) => fromKey.has(name))) continue;
    const parent = byOid.get(key.parentOid);
    const columns = key.columns.map((name) => table.columns.find((column) => column.name === name));
    const nullable = columns.every((column) => column && !column.notNull);
    const available = parent ? await rowCount(db, parent.sqlName) : 0;
    if (!parent || available === 0) {
      if (nullable) continue; // left NULL: a foreign key holds for NULL
      return { error: `it needs rows in ${parent?.name ?? 'the table its foreign key references'} first, and that table has none` };
    }
    // Row g takes the parent's row ((g - 1) mod count) + 1: each parent row in turn, so a unique
    // foreign key (one-to-one) gets distinct parents while the parent has enough rows.
    const alias = `p${index}`;
    const picked = key.parentColumns.map((name, at) => `${ident(name)} AS k${at}`).join(', ');
    joins.push(
      `JOIN (SELECT ${picked}, row_number() OVER () AS rn FROM ${parent.sqlName}) ${alias} ON ${alias}.rn = (g - 1) % ${available} + 1`,
    );
    key.columns.forEach((name, at) => fromKey.set(name, `${alias}.k${at}`));
  }
  for (const column of table.columns) {
    if (column.automatic) continue;
    const key = fromKey.get(column.name);
    if (key) {
      targets.push(ident(column.name));
      values.push(key);
      continue;
    }
    if (keepsDefault(column)) continue;
    const value = generated(column, table);
    if (value !== undefined) {
      targets.push(ident(column.name));
      values.push(value);
    } else if (column.notNull) {
      return { error: `column ${column.name} (${column.type}) is NOT NULL and this page cannot generate values of that type` };
    }
  }
  // With no column to give, every column takes its default: a SELECT of nothing, once per row.
  const into = targets.length ? `(${targets.join(', ')}) SELECT ${values.join(', ')}` : 'SELECT';
  return { sql: `INSERT INTO ${table.sqlName} ${into} FROM generate_series(1, ${rows}) g ${joins.join(' ')} ON CONFLICT DO NOTHING` };
}

/** Adds `rows` generated rows to every user table; never throws for a table it cannot fill. */
export async function fillTables(db: ProtocolDatabase, rows: number): Promise<FillReport> {
  const started = performance.now();
  const tables = await readTables(db);
  const byOid = new Map(tables.map((table) => [table.oid, table]));
  const report: FilledTable[] = [];
  for (const table of fillOrder(tables)) {
    const { sql, error } = await plan(db, table, byOid, rows);
    if (!sql) {
      report.push({ table: table.name, added: 0, error: error ?? 'no plan' });
      continue;
    }
    const reply = await query(db, sql);
    if (reply.error) {
      report.push({ table: table.name, added: 0, error: `${reply.error.code}: ${reply.error.message}` });
      continue;
    }
    const added = Number(/\s(\d+)$/.exec(reply.statements.at(-1)?.command ?? '')?.[1] ?? 0);
    report.push({ table: table.name, added });
  }
  // The planner's statistics, as a table that grew in production would have them.
  if (report.some((table) => table.added > 0)) await query(db, 'ANALYZE');
  return { rows, tables: report, ms: performance.now() - started };
}
