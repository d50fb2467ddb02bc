/**
 * A Rust panic in the schema engine traps its WASM instance. The lab must surface the panic's
 * message instead of hanging, and refuse to run on the trapped instance afterwards.
 */
import { describe, expect, it } from 'vitest';
import { EnginePanic, engineGlue, guarded, hasPanicked } from '../../../src/lib/prisma-lab/schema-engine.ts';
import { compileEngine, openPGlite } from '../../support/lab-host.ts';
import { labAdapterFactory } from '../../../src/lib/prisma-lab/driver-adapter.ts';
import { pgliteLabDatabase } from '../../../src/lib/prisma-lab/lab-database.ts';

const SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n';

describe('engine panics', () => {
  it('reject the call in flight with the panic message; the trapped instance is not used again', async () => {
    const db = await openPGlite();
    const database = pgliteLabDatabase(db);
    const factory = labAdapterFactory({ database, openShadow: async () => database, mode: () => '7.3', onScriptFailure: () => undefined });
    const first = engineGlue(compileEngine);
    const glue = await first;
    const engine = await glue.SchemaEngine.new({ datamodels: [['schema.prisma', SCHEMA]] }, () => undefined, factory);
    expect(glue.version()).toMatch(/^[0-9a-f]{40}$/);
    const panic = guarded(async () => engine.debugPanic());
    await expect(panic).rejects.toBeInstanceOf(EnginePanic);
    await expect(panic).rejects.toThrow(/panic/i);
    expect(hasPanicked()).toBe(true);
    await expect(engineGlue(compileEngine)).rejects.toThrow('cannot run again until its worker restarts');
    await db.close();
  });
});
