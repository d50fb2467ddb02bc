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
import schemaWasmUrl from '@prisma/prisma-schema-wasm/src/prisma_schema_build_bg.wasm?url';
import type { LabRequest } from './protocol.ts';
import { pgliteLabDatabase } from '../prisma-lab/lab-database.ts';
import { MAX_TRACE_COPY_BYTES } from './limits.ts';
import { LabSchemas } from '../prisma-lab/lab-schemas.ts';
import { PrismaLab, type LabCommandResult } from '../prisma-lab/lab.ts';

export { labSchema } from '../prisma-lab/lab-schemas.ts';

export interface WorkerLabHost {
  db: PGlite;
  /** From the snapshot of a new database, or from `dataDir` (a dump). */
  openPGlite: (dataDir?: Blob) => Promise<PGlite>;
}

let lab: PrismaLab | undefined;
let schemas: LabSchemas | undefined;

/** The labs' schemas in the tab's database, for the examples' restores to keep. */
export function labSchemas(): string[] {
  return schemas?.names() ?? [];
}

export async function runLab(host: WorkerLabHost, request: LabRequest): Promise<LabCommandResult> {
  lab ??= new PrismaLab({
    database: pgliteLabDatabase(host.db),
    async openShadow() {
      const shadow = await host.openPGlite();
      return pgliteLabDatabase(shadow, { onClose: () => shadow.close() });
    },
    // The lock trace's copy: the tab's database as it is now, with the lab's schema as `public`.
    async copyDatabase() {
      // The copy holds the whole tab's database (the examples' tables too), in memory, next to it.
      const size = Number(
        (await host.db.query<{ size: string }>('SELECT pg_database_size(current_database())::text AS size')).rows[0]?.size,
      );
      if (!(size <= MAX_TRACE_COPY_BYTES)) {
        throw new Error(
          `the database is ${Math.round(size / 1024 / 1024)} MB; copies for a trace stop at ${MAX_TRACE_COPY_BYTES / 1024 / 1024} MB`,
        );
      }
      const copy = await host.openPGlite(await host.db.dumpDataDir('none'));
      return pgliteLabDatabase(copy, { onClose: () => copy.close() });
    },
    compileEngine: () => WebAssembly.compileStreaming(fetch(engineWasmUrl)),
    compileSchemaWasm: () => WebAssembly.compileStreaming(fetch(schemaWasmUrl)),
  });
  schemas ??= new LabSchemas(host.db);
  const schema = await schemas.enter(request.lab, request.fresh);
  try {
    return await lab.run(request.command, request.files, request.mode, request.prompt);
  } finally {
    await schemas.leave(schema);
  }
}
