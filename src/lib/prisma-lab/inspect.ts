/**
 * What the reader sees after every lab command: the `_prisma_migrations` table as it is (all
 * columns, in the engine's own order) and the schema (tables, columns, constraints, indexes).
 */
import type { LabDatabase } from './lab-database.ts';

export interface TableRows {
  columns: string[];
  rows: (string | null)[][];
}

export interface SchemaTable {
  name: string;
  columns: { name: string; type: string; nullable: boolean; default: string | null }[];
  constraints: { name: string; definition: string }[];
  indexes: { name: string; definition: string }[];
}

export interface LabSnapshot {
  /** null when the table does not exist yet. */
  migrations: TableRows | null;
  tables: SchemaTable[];
}

const MIGRATIONS_SQL = `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
  FROM public._prisma_migrations ORDER BY started_at ASC`;

const COLUMNS_SQL = `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
  ORDER BY c.relname, a.attnum`;

const CONSTRAINTS_SQL = `SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND k.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relname <> '_prisma_migrations'
  ORDER BY c.relname, k.contype, k.conname`;

// Indexes that back a constraint are shown with the constraint, not twice.
const INDEXES_SQL = `SELECT t.relname, i.relname, pg_get_indexdef(i.oid)
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid AND k.conrelid = t.oid)
  ORDER BY t.relname, i.relname`;

export async function snapshot(db: LabDatabase): Promise<LabSnapshot> {
  const exists = await db.query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL`, []);
  let migrations: TableRows | null = null;
  if (exists.rows[0]?.[0] === 't') {
    const result = await db.query(MIGRATIONS_SQL, []);
    migrations = { columns: result.fields.map((field) => field.name), rows: result.rows };
  }
  const tables = new Map<string, SchemaTable>();
  const table = (name: string) => {
    let entry = tables.get(name);
    if (!entry) tables.set(name, (entry = { name, columns: [], constraints: [], indexes: [] }));
    return entry;
  };
  for (const [relation, name, type, nullable, fallback] of (await db.query(COLUMNS_SQL, [])).rows) {
    table(relation!).columns.push({ name: name!, type: type!, nullable: nullable === 't', default: fallback ?? null });
  }
  for (const [relation, name, definition] of (await db.query(CONSTRAINTS_SQL, [])).rows) {
    table(relation!).constraints.push({ name: name!, definition: definition! });
  }
  for (const [relation, name, definition] of (await db.query(INDEXES_SQL, [])).rows) {
    table(relation!).indexes.push({ name: name!, definition: definition! });
  }
  return { migrations, tables: [...tables.values()] };
}
