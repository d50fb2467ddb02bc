/**
 * The labs' side of the database worker, loaded the first time a reader runs a lab command.
 *
 * Labs share the tab's one PGlite with the examples. Each lab keeps its database in a schema of
 * its own, and for the length of a command that schema is renamed to `public` (the examples'
 * `public` steps aside), so the engine, the reader's SQL and every message see `public` as they
 * would on a real server. A rename is a catalog update: a switch costs milliseconds, not a second
 * PGlite. The shadow database is a second PGlite, opened from the same snapshot and closed after.
 */
import type { PGlite } from '@electric-sql/pglite';
import engineWasmUrl from 'prisma-schema-engine.wasm?url';
import type { LabRequest } from '../sql-runtime/protocol.ts';
import { pgliteLabDatabase } from './lab-database.ts';
import { PrismaLab, type LabCommandResult } from './lab.ts';

const EXAMPLES_ASIDE = 'prisma_lab__examples';

/** A schema name for a lab id: `prisma_lab_` + the id's safe characters (examples' resets keep these). */
export function labSchema(lab: string): string {
  return `prisma_lab_${lab.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40)}`;
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

export interface WorkerLabHost {
  db: PGlite;
  openPGlite: () => Promise<PGlite>;
}

let lab: PrismaLab | undefined;

export async function runLab(host: WorkerLabHost, request: LabRequest): Promise<LabCommandResult> {
  lab ??= new PrismaLab({
    database: pgliteLabDatabase(host.db),
    async openShadow() {
      const shadow = await host.openPGlite();
      return pgliteLabDatabase(shadow, { onClose: () => shadow.close() });
    },
    compileEngine: () => WebAssembly.compileStreaming(fetch(engineWasmUrl)),
  });
  const schema = labSchema(request.lab);
  await host.db.exec(swapIn(schema, request.fresh));
  try {
    return await lab.run(request.command, request.files, request.mode);
  } finally {
    // A migration's SET must not follow the reader into the examples.
    if (host.db.isInTransaction()) await host.db.exec('ROLLBACK');
    await host.db.exec(`RESET ALL; ${swapOut(schema)}`);
  }
}
