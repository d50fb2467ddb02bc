/**
 * Generates the checker's realistic corpus (tests/fixtures/corpus/prisma/migrations): a sequence of
 * schema.prisma edits, each diffed by the real Prisma schema engine (WASM, the one the lab runs) from
 * the previous schema to the next, the way `prisma migrate dev --create-only` writes a migration,
 * with hand-written migrations in between (extensions, enums, backfills, DO guards, renames, seeds,
 * a trigger, an index built concurrently). Deterministic: the same seed gives the same folder.
 *
 * Run with the project's Node 22: node_modules/node/bin/node bench/corpus/generate.ts [count]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { labAdapterFactory } from '../../src/lib/prisma-lab/driver-adapter.ts';
import { pgliteLabDatabase } from '../../src/lib/prisma-lab/lab-database.ts';
import { engineGlue, guarded } from '../../src/lib/prisma-lab/schema-engine.ts';
import { compileEngine } from '../../tests/support/lab-host.ts';

const TARGET = Number(process.argv[2] ?? 160);
const OUT = fileURLToPath(new URL('../../tests/fixtures/corpus/prisma/', import.meta.url));

// A small deterministic PRNG (mulberry32), so the corpus is reproducible.
let seed = 20240101;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

interface Field {
  name: string;
  type: string;
  attrs: string;
  /** Scalar, optional, not in a relation and not in an index: free to drop, retype or rename. */
  free: boolean;
}
interface Model {
  name: string;
  fields: Field[];
  block: string[];
  /** Rows are inserted by a seed migration: never add a required column without a default. */
  seeded: boolean;
  referencedBy: number;
}

const models: Model[] = [];
const enums = new Map<string, string[]>();
let counter = 0;
const fresh = (prefix: string) => `${prefix}${++counter}`;

function render(): string {
  const out = ['datasource db {\n  provider = "postgresql"\n}\n'];
  for (const [name, values] of enums) out.push(`enum ${name} {\n${values.map((v) => `  ${v}`).join('\n')}\n}\n`);
  for (const model of models) {
    const lines = model.fields.map((f) => `  ${f.name} ${f.type}${f.attrs ? ` ${f.attrs}` : ''}`);
    lines.push(...model.block.map((b) => `  ${b}`));
    out.push(`model ${model.name} {\n${lines.join('\n')}\n}\n`);
  }
  return out.join('\n');
}

const NOUNS = ['Account', 'Project', 'Invoice', 'Comment', 'Tag', 'Team', 'Order', 'Product', 'Review', 'Address', 'Payment', 'Session', 'Webhook', 'Ticket', 'Label', 'Plan', 'Coupon', 'Shipment', 'Refund', 'Note', 'Event', 'Badge', 'Folder', 'Document', 'Message', 'Channel', 'Report', 'Export', 'Invite', 'Audit'];

function addModel(): string {
  const name = NOUNS.find((noun) => !models.some((m) => m.name === noun)) ?? fresh('Entity');
  const model: Model = {
    name,
    fields: [
      { name: 'id', type: 'Int', attrs: '@id @default(autoincrement())', free: false },
      { name: 'title', type: 'String', attrs: '', free: false },
      { name: 'createdAt', type: 'DateTime', attrs: '@default(now())', free: false },
    ],
    block: [],
    seeded: false,
    referencedBy: 0,
  };
  const parents = models.filter((m) => m.name !== 'Country');
  if (parents.length > 0 && random() < 0.7) {
    const parent = pick(parents);
    const key = `${parent.name[0]!.toLowerCase()}${parent.name.slice(1)}`;
    model.fields.push({ name: `${key}Id`, type: 'Int', attrs: '', free: false });
    model.fields.push({ name: key, type: parent.name, attrs: `@relation(fields: [${key}Id], references: [id], onDelete: Cascade)`, free: false });
    model.block.push(`@@index([${key}Id])`);
    parent.fields.push({ name: `${name[0]!.toLowerCase()}${name.slice(1)}s`, type: `${name}[]`, attrs: '', free: false });
    parent.referencedBy++;
  }
  models.push(model);
  return `add_${name.toLowerCase()}`;
}

const growable = () => models.filter((m) => m.name !== 'Country' || random() < 0.2);

function addField(): string {
  const model = pick(growable());
  const name = fresh('field');
  const [type, attrs] = pick([
    ['String?', ''],
    ['Int?', ''],
    ['DateTime?', ''],
    ['Boolean', '@default(false)'],
    ['Int', '@default(0)'],
    ['String', '@default("")'],
    ['Decimal?', '@db.Decimal(12, 2)'],
    ['Json?', ''],
    ['String[]', ''],
  ] as const);
  model.fields.push({ name, type, attrs, free: type.endsWith('?') && attrs === '' });
  return `add_${model.name.toLowerCase()}_${name}`;
}

function freeFields(): [Model, Field][] {
  return models.flatMap((m) => m.fields.filter((f) => f.free).map((f) => [m, f] as [Model, Field]));
}

function addIndex(): string | undefined {
  const candidates = freeFields().filter(([, f]) => !f.type.startsWith('Json'));
  if (candidates.length === 0) return undefined;
  const [model, field] = pick(candidates);
  field.free = false;
  if (field.type === 'String?' && random() < 0.4) {
    field.attrs = `${field.attrs} @unique`.trim();
    return `unique_${model.name.toLowerCase()}_${field.name}`;
  }
  model.block.push(`@@index([${field.name}])`);
  return `index_${model.name.toLowerCase()}_${field.name}`;
}

function dropField(): string | undefined {
  const candidates = freeFields();
  if (candidates.length < 3) return undefined;
  const [model, field] = pick(candidates);
  model.fields.splice(model.fields.indexOf(field), 1);
  return `drop_${model.name.toLowerCase()}_${field.name}`;
}

/** A rename in schema.prisma: Prisma renders it as DROP COLUMN + ADD COLUMN (the data is lost). */
function renameByPrisma(): string | undefined {
  const candidates = freeFields();
  if (candidates.length === 0) return undefined;
  const [model, field] = pick(candidates);
  field.name = fresh('renamed');
  return `rename_${model.name.toLowerCase()}_field`;
}

function changeType(): string | undefined {
  const candidates = freeFields().filter(([, f]) => f.type === 'Int?' || (f.type === 'String?' && !f.attrs));
  if (candidates.length === 0) return undefined;
  const [model, field] = pick(candidates);
  if (field.type === 'Int?') field.type = 'BigInt?';
  else field.attrs = '@db.VarChar(255)';
  field.free = false;
  return `retype_${model.name.toLowerCase()}_${field.name}`;
}

function makeRequired(): string | undefined {
  const candidates = freeFields().filter(([m, f]) => !m.seeded && f.type === 'DateTime?');
  if (candidates.length === 0) return undefined;
  const [model, field] = pick(candidates);
  field.type = 'DateTime';
  field.attrs = '@default(now())';
  field.free = false;
  return `require_${model.name.toLowerCase()}_${field.name}`;
}

function addEnum(): string {
  const name = `${pick(['Status', 'Role', 'Kind', 'Priority', 'Stage'])}${++counter}`;
  const values = ['DRAFT', 'ACTIVE', 'ARCHIVED'];
  enums.set(name, values);
  const model = pick(growable());
  model.fields.push({ name: `${name[0]!.toLowerCase()}${name.slice(1)}`, type: name, attrs: `@default(${values[0]})`, free: false });
  return `add_enum_${name.toLowerCase()}`;
}

function addEnumValue(): string | undefined {
  if (enums.size === 0) return undefined;
  const [name, values] = pick([...enums]);
  values.push(fresh('VALUE_'));
  return `enum_${name.toLowerCase()}_value`;
}

function dropModel(): string | undefined {
  const leaves = models.filter((m) => m.referencedBy === 0 && m.name !== 'Country' && m.name !== 'User');
  if (leaves.length < 4) return undefined;
  const model = pick(leaves);
  models.splice(models.indexOf(model), 1);
  for (const other of models) {
    const back = other.fields.findIndex((f) => f.type === `${model.name}[]`);
    if (back !== -1) {
      other.fields.splice(back, 1);
      other.referencedBy--;
    }
  }
  return `drop_${model.name.toLowerCase()}`;
}

const q = (name: string) => `"${name}"`;

/** Hand-written migrations: the schema is edited to match, so the next diff does not redo them. */
const extensionsCreated = new Set<string>();
function handWritten(): { name: string; sql: string } | undefined {
  const kind = pick(['extension', 'backfill', 'guarded-index', 'rename', 'enum-value', 'seed', 'trigger', 'concurrent-index', 'trigram', 'token'] as const);
  switch (kind) {
    case 'extension': {
      const left = ['pgcrypto', 'citext', 'pg_trgm', 'uuid-ossp', 'hstore', 'ltree'].filter((e) => !extensionsCreated.has(e));
      if (left.length === 0) return undefined;
      const extension = left[0]!;
      extensionsCreated.add(extension);
      return { name: `extension_${extension.replace('-', '_')}`, sql: `-- Hand-written: needed by later migrations.\nCREATE EXTENSION IF NOT EXISTS "${extension}";\n` };
    }
    case 'backfill': {
      const candidates = freeFields().filter(([, f]) => f.type === 'String?' || f.type === 'Int?');
      if (candidates.length === 0) return undefined;
      const [model, field] = pick(candidates);
      field.free = false;
      const value = field.type === 'Int?' ? '0' : `''`;
      return {
        name: `backfill_${model.name.toLowerCase()}_${field.name}`,
        sql: `-- Hand-written backfill, in batches so each UPDATE stays short.\nUPDATE ${q(model.name)} SET ${q(field.name)} = ${value}\nWHERE "id" IN (SELECT "id" FROM ${q(model.name)} WHERE ${q(field.name)} IS NULL LIMIT 10000);\n`,
      };
    }
    case 'guarded-index': {
      const candidates = freeFields().filter(([, f]) => !f.type.startsWith('Json'));
      if (candidates.length === 0) return undefined;
      const [model, field] = pick(candidates);
      field.free = false;
      const index = `${model.name}_${field.name}_manual_idx`;
      return {
        name: `guarded_index_${model.name.toLowerCase()}`,
        sql: `-- Hand-written, safe to re-run.\nDO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = '${index}') THEN\n    CREATE INDEX ${q(index)} ON ${q(model.name)} (${q(field.name)});\n  END IF;\nEND\n$$;\n`,
      };
    }
    case 'rename': {
      const candidates = freeFields();
      if (candidates.length === 0) return undefined;
      const [model, field] = pick(candidates);
      const before = field.name;
      field.name = fresh('renamed');
      return { name: `rename_${model.name.toLowerCase()}_${before}`, sql: `-- Hand-written rename: keeps the data (Prisma would drop and re-add the column).\nALTER TABLE ${q(model.name)} RENAME COLUMN ${q(before)} TO ${q(field.name)};\n` };
    }
    case 'enum-value': {
      if (enums.size === 0) return undefined;
      const [name, values] = pick([...enums]);
      const value = fresh('MANUAL_');
      values.push(value);
      return { name: `enum_${name.toLowerCase()}_${value.toLowerCase()}`, sql: `-- Hand-written: IF NOT EXISTS makes a retry harmless.\nALTER TYPE ${q(name)} ADD VALUE IF NOT EXISTS '${value}';\n` };
    }
    case 'seed': {
      const rows = Array.from({ length: 5 }, (_, i) => `('${fresh('C')}', 'Country ${counter}-${i}')`).join(',\n  ');
      return { name: 'seed_countries', sql: `-- Hand-written seed.\nINSERT INTO "Country" ("code", "title") VALUES\n  ${rows}\nON CONFLICT ("code") DO NOTHING;\n` };
    }
    case 'trigger': {
      const model = pick(models.filter((m) => m.name !== 'Country'));
      if (model.fields.some((f) => f.name === 'touchedAt')) return undefined;
      model.fields.push({ name: 'touchedAt', type: 'DateTime?', attrs: '', free: false });
      const fn = `${model.name.toLowerCase()}_touch`;
      return {
        name: `trigger_${model.name.toLowerCase()}_touch`,
        sql: `-- Hand-written: keeps "touchedAt" current on every update.\nALTER TABLE ${q(model.name)} ADD COLUMN IF NOT EXISTS "touchedAt" TIMESTAMP(3);\n\nCREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW."touchedAt" := now();\n  RETURN NEW;\nEND\n$$;\n\nDROP TRIGGER IF EXISTS ${fn} ON ${q(model.name)};\nCREATE TRIGGER ${fn} BEFORE UPDATE ON ${q(model.name)} FOR EACH ROW EXECUTE FUNCTION ${fn}();\n`,
      };
    }
    case 'concurrent-index': {
      const candidates = freeFields().filter(([, f]) => !f.type.startsWith('Json'));
      if (candidates.length === 0) return undefined;
      const [model, field] = pick(candidates);
      field.free = false;
      return { name: `concurrent_index_${model.name.toLowerCase()}`, sql: `-- Hand-written, alone in its file: CONCURRENTLY cannot run in a transaction block.\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ${q(`${model.name}_${field.name}_cidx`)} ON ${q(model.name)} (${q(field.name)});\n` };
    }
    case 'trigram': {
      if (!extensionsCreated.has('pg_trgm')) return undefined;
      const model = pick(models.filter((m) => m.fields.some((f) => f.name === 'title')));
      const index = `${model.name}_title_trgm_idx`;
      return { name: `trigram_${model.name.toLowerCase()}`, sql: `-- Hand-written: search by substring.\nCREATE INDEX IF NOT EXISTS ${q(index)} ON ${q(model.name)} USING gin ("title" gin_trgm_ops);\n` };
    }
    case 'token': {
      if (!extensionsCreated.has('pgcrypto')) return undefined;
      const model = pick(models.filter((m) => !m.fields.some((f) => f.name === 'token') && m.name !== 'Country'));
      model.fields.push({ name: 'token', type: 'String', attrs: '@default(dbgenerated("encode(gen_random_bytes(16), \'hex\'::text)"))', free: false });
      return {
        name: `token_${model.name.toLowerCase()}`,
        sql: `-- Hand-written: a random token per row, from pgcrypto.\nALTER TABLE ${q(model.name)} ADD COLUMN "token" TEXT NOT NULL DEFAULT encode(gen_random_bytes(16), 'hex'::text);\n`,
      };
    }
  }
}

async function main() {
  const db = await PGlite.create();
  const { SchemaEngine } = await engineGlue(compileEngine);
  const factory = labAdapterFactory({
    database: pgliteLabDatabase(db),
    openShadow: async () => pgliteLabDatabase(await PGlite.create()),
    mode: () => '7.3',
    onScriptFailure: () => {},
  });
  const engine = await guarded(() => SchemaEngine.new({ datamodels: [['prisma/schema.prisma', render()]] }, () => {}, factory));
  const filters = { externalTables: [], externalEnums: [] };
  const diff = async (from: string, to: string) => {
    const result = await guarded(() =>
      engine.diff({ from: { tag: 'schemaDatamodel', files: [{ path: 'from.prisma', content: from }] }, to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] }, script: true, exitCode: null, filters }),
    );
    return result.stdout ?? '';
  };

  await rm(OUT, { recursive: true, force: true });
  await mkdir(join(OUT, 'migrations'), { recursive: true });
  const day = new Date(Date.UTC(2024, 0, 1, 9));
  let written = 0;
  const write = async (name: string, sql: string) => {
    day.setUTCHours(day.getUTCHours() + 7 + Math.floor(random() * 40));
    const stamp = day.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const folder = join(OUT, 'migrations', `${stamp}_${name}`);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'migration.sql'), sql);
    written++;
  };

  // The first migration: a User and a seeded Country table.
  models.push({ name: 'User', fields: [{ name: 'id', type: 'Int', attrs: '@id @default(autoincrement())', free: false }, { name: 'email', type: 'String', attrs: '@unique', free: false }, { name: 'title', type: 'String?', attrs: '', free: false }, { name: 'createdAt', type: 'DateTime', attrs: '@default(now())', free: false }], block: [], seeded: false, referencedBy: 0 });
  models.push({ name: 'Country', fields: [{ name: 'id', type: 'Int', attrs: '@id @default(autoincrement())', free: false }, { name: 'code', type: 'String', attrs: '@unique', free: false }, { name: 'title', type: 'String', attrs: '', free: false }], block: [], seeded: true, referencedBy: 0 });
  let previous = 'datasource db {\n  provider = "postgresql"\n}\n';
  let schema = render();
  await write('init', await diff(previous, schema));
  previous = schema;

  const prismaEdits: [number, () => string | undefined][] = [
    [5, addModel], [10, addField], [4, addIndex], [2, dropField], [1, renameByPrisma], [2, changeType], [1, makeRequired], [1, addEnum], [1, addEnumValue], [1, dropModel],
  ];
  const total = prismaEdits.reduce((sum, [weight]) => sum + weight, 0);
  while (written < TARGET) {
    if (random() < 0.27) {
      const hand = handWritten();
      if (!hand) continue;
      await write(hand.name, hand.sql);
      previous = render();
      continue;
    }
    // One to three edits per migration, as a developer's `migrate dev` often bundles a few.
    const names: string[] = [];
    for (let edits = 1 + Math.floor(random() * 2.2); edits > 0; edits--) {
      let roll = random() * total;
      const edit = prismaEdits.find(([weight]) => (roll -= weight) < 0)![1];
      const name = edit();
      if (name) names.push(name);
    }
    if (names.length === 0) continue;
    schema = render();
    const sql = await diff(previous, schema);
    if (sql.trim() === '' || sql.trim() === '-- This is an empty migration.') continue;
    await write(names[0]!.slice(0, 60), sql);
    previous = schema;
  }
  await writeFile(join(OUT, 'schema.prisma'), render());
  await writeFile(join(OUT, 'migrations', 'migration_lock.toml'), '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
  console.log(`${written} migrations written to ${OUT}migrations`);
  await db.close();
}

await main();
