/**
 * Each lab keeps its database in a schema of its own (`prisma_lab_<id>`) on the tab's one PGlite;
 * for the length of a command that schema is renamed to `public` (the examples' `public` steps
 * aside as `prisma_lab__examples`). Examples run as superuser on the same database, so nothing stops
 * a reader's SQL from dropping or writing into a lab's schema: after every command the lab's schema
 * is fingerprinted (catalog and data), and before the next one the fingerprint is checked. A lab
 * whose database changed behind its back is told so and starts over, instead of running Prisma on
 * a state no command of it produced.
 */
import type { PGlite } from '@electric-sql/pglite';

export const EXAMPLES_ASIDE = 'prisma_lab__examples';

/** A schema name for a lab id: `prisma_lab_` + the id's safe characters (never the examples' aside name). */
export function labSchema(lab: string): string {
  const name = `prisma_lab_${lab
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 40)}`;
  return name === EXAMPLES_ASIDE ? `${name}_` : name;
}

const swapIn = (schema: string, fresh: boolean) => `DO $swap$ BEGIN
  IF to_regnamespace('public') IS NOT NULL THEN ALTER SCHEMA public RENAME TO ${EXAMPLES_ASIDE}; END IF;
  ${fresh ? `DROP SCHEMA IF EXISTS ${schema} CASCADE;` : ''}
  IF to_regnamespace('${schema}') IS NOT NULL THEN ALTER SCHEMA ${schema} RENAME TO public;
  ELSE CREATE SCHEMA public; END IF;
END $swap$`;

const swapOut = (schema: string) => `DO $swap$ BEGIN
  IF to_regnamespace('public') IS NOT NULL THEN ALTER SCHEMA public RENAME TO ${schema}; END IF;
  IF to_regnamespace('${EXAMPLES_ASIDE}') IS NOT NULL THEN ALTER SCHEMA ${EXAMPLES_ASIDE} RENAME TO public;
  ELSE CREATE SCHEMA public AUTHORIZATION pg_database_owner; END IF;
END $swap$`;

/** Everything a migration can change in a schema, one text line per object. */
const CATALOG_PARTS = `
SELECT format('rel %s %s %s', c.relname, c.relkind, (SELECT string_agg(format('%s %s %s %s', a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
    pg_get_expr(d.adbin, d.adrelid)), ', ' ORDER BY a.attnum) FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)) AS part
  FROM pg_class c WHERE c.relnamespace = $1::regnamespace
UNION ALL SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE connamespace = $1::regnamespace
UNION ALL SELECT format('index %s', pg_get_indexdef(i.indexrelid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = $1::regnamespace
UNION ALL SELECT format('routine %s %s', p.proname, md5(p.prosrc)) FROM pg_proc p WHERE p.pronamespace = $1::regnamespace
UNION ALL SELECT format('type %s %s', t.typname, (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid))
  FROM pg_type t WHERE t.typnamespace = $1::regnamespace
UNION ALL SELECT format('trigger %s %s', t.tgname, pg_get_triggerdef(t.oid)) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal
UNION ALL SELECT format('sequence %s %s', sequencename, last_value) FROM pg_sequences WHERE schemaname = $1::regnamespace::text
UNION ALL SELECT format('owner %s', pg_get_userbyid(nspowner)) FROM pg_namespace WHERE oid = $1::regnamespace`;

export class LabStateLostError extends Error {
  override name = 'LabStateLostError';
}

export class LabSchemas {
  readonly #db: PGlite;
  /** The fingerprint of each lab's schema as its last command left it; null: it could not be taken. */
  readonly #fingerprints = new Map<string, string | null>();

  constructor(db: PGlite) {
    this.#db = db;
  }

  /** The schemas of labs that ran in this database (examples' restores keep them). */
  names(): string[] {
    return [...this.#fingerprints.keys()];
  }

  async #fingerprint(schema: string): Promise<string | undefined> {
    const exists = await this.#db.query<{ present: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS present', [schema]);
    if (!exists.rows[0]?.present) return undefined;
    const parts = (await this.#db.query<{ part: string | null }>(CATALOG_PARTS, [schema])).rows.map((row) => row.part ?? '');
    const tables = await this.#db.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind IN ('r', 'p') ORDER BY relname`,
      [schema],
    );
    for (const { name } of tables.rows) {
      const quoted = `"${schema}"."${name.replaceAll('"', '""')}"`;
      const data = await this.#db.query<{ hash: string }>(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM ${quoted} t`,
      );
      parts.push(`data ${name} ${data.rows[0]?.hash ?? ''}`);
    }
    parts.sort();
    const digest = await this.#db.query<{ hash: string }>('SELECT md5($1) AS hash', [parts.join('\n')]);
    return digest.rows[0]?.hash ?? '';
  }

  /**
   * Checks the lab's schema is as its last command left it and swaps it in as `public`. Throws
   * LabStateLostError (after emptying the lab) when something else changed or removed it.
   */
  async enter(lab: string, fresh: boolean): Promise<string> {
    const schema = labSchema(lab);
    const expected = this.#fingerprints.get(schema);
    if (expected !== undefined && expected !== null && !fresh) {
      const actual = await this.#fingerprint(schema);
      if (actual !== expected) {
        this.#fingerprints.delete(schema);
        await this.#db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        throw new LabStateLostError(
          `This lab's database was ${actual === undefined ? 'dropped' : 'changed'} outside the lab (by SQL run in an example on this page), so its state is not what its commands made. The lab's database is now empty: run your commands again.`,
        );
      }
    }
    await this.#db.exec(swapIn(schema, fresh));
    return schema;
  }

  /** Ends the command's session state, swaps the examples' `public` back and fingerprints the lab. */
  async leave(schema: string): Promise<void> {
    // A migration's SET must not follow the reader into the examples.
    if (this.#db.isInTransaction()) await this.#db.exec('ROLLBACK');
    await this.#db.exec(`RESET ALL; ${swapOut(schema)}`);
    // A fingerprint that cannot be taken must not cost the reader the command's result: the lab is
    // then only not verified next time.
    const fingerprint = await this.#fingerprint(schema).catch(() => null);
    if (fingerprint === undefined) this.#fingerprints.delete(schema);
    else this.#fingerprints.set(schema, fingerprint);
  }
}
