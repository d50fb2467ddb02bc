/**
 * A Prisma lab host for Node tests: PGlite for the database, shadows opened from a dump of a
 * pristine instance (as the worker opens them from the build-time snapshot), the engine compiled
 * from the installed package.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteLabDatabase } from '../../src/lib/prisma-lab/lab-database.ts';
import { PrismaLab, type LabHost } from '../../src/lib/prisma-lab/lab.ts';

const require = createRequire(import.meta.url);
let engineModule: Promise<WebAssembly.Module> | undefined;
let pristine: Promise<Blob> | undefined;

export function compileEngine(): Promise<WebAssembly.Module> {
  engineModule ??= readFile(join(dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm')).then((bytes) =>
    WebAssembly.compile(bytes),
  );
  return engineModule;
}

let schemaWasmModule: Promise<WebAssembly.Module> | undefined;
export function compileSchemaWasm(): Promise<WebAssembly.Module> {
  schemaWasmModule ??= readFile(join(dirname(require.resolve('@prisma/prisma-schema-wasm')), 'prisma_schema_build_bg.wasm')).then((bytes) =>
    WebAssembly.compile(bytes),
  );
  return schemaWasmModule;
}

async function pristineDataDir(): Promise<Blob> {
  pristine ??= (async () => {
    const db = await PGlite.create();
    const dump = await db.dumpDataDir('none');
    await db.close();
    return dump;
  })();
  return pristine;
}

export async function openPGlite(): Promise<PGlite> {
  return PGlite.create({ loadDataDir: await pristineDataDir() });
}

export interface TestLab {
  lab: PrismaLab;
  db: PGlite;
  shadowsOpened: () => number;
  close: () => Promise<void>;
}

/** `traceLocks`: migrations are traced on a copy of the database, as in the browser. */
export async function createTestLab(options: { traceLocks?: boolean } = {}): Promise<TestLab> {
  const db = await openPGlite();
  let shadows = 0;
  const host: LabHost = {
    database: pgliteLabDatabase(db),
    async openShadow() {
      shadows++;
      const shadow = await openPGlite();
      return pgliteLabDatabase(shadow, { onClose: () => shadow.close() });
    },
    compileEngine,
    compileSchemaWasm,
    ...(options.traceLocks
      ? {
          async copyDatabase() {
            const copy = await PGlite.create({ loadDataDir: await db.dumpDataDir('none') });
            return pgliteLabDatabase(copy, { onClose: () => copy.close() });
          },
        }
      : {}),
  };
  return { lab: new PrismaLab(host), db, shadowsOpened: () => shadows, close: () => db.close() };
}
