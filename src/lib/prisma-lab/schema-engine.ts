/**
 * Prisma's schema engine (the Rust engine compiled to WASM), instantiated from a compiled module the
 * host provides: the worker compiles it from a URL while it downloads, Node tests from the file.
 *
 * A Rust panic traps the instance (`unreachable`): the call in flight never settles and every later
 * call fails. `guarded` turns that into an EnginePanic. The glue cannot be bound to a second instance
 * (it caches views of the first one's memory; measured: a second instance returns garbage), so after
 * a panic this module refuses; the page restarts the worker, which loads everything anew.
 */
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

export type { SchemaEngine };
export type EngineGlue = typeof glue;

/** No external tables or enums: every engine call of the lab passes these. */
export const FILTERS = { externalTables: [], externalEnums: [] };

export class EnginePanic extends Error {
  override name = 'EnginePanic';
}

// Calls in flight when the engine panics: they would never settle on their own.
const inFlight = new Set<(panic: EnginePanic) => void>();
let glue_: Promise<EngineGlue> | undefined;
let panicked: string | undefined;

// The glue's panic hook writes through `global`, which a worker does not have.
const host = globalThis as typeof globalThis & { global?: unknown; PRISMA_WASM_PANIC_REGISTRY?: unknown };
host.global ??= globalThis;
host.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message: string) {
    panicked = message;
    const panic = new EnginePanic(message);
    for (const reject of inFlight) reject(panic);
    inFlight.clear();
  },
};

/** Rejects with EnginePanic when the engine panics during `call`, instead of hanging forever. */
export function guarded<T>(call: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    inFlight.add(reject);
    let settled: Promise<T>;
    try {
      settled = call();
    } catch (error) {
      settled = Promise.reject(error);
    }
    settled.then(resolve, reject).finally(() => inFlight.delete(reject));
  });
}

/** True once the engine has panicked in this worker (or process). */
export function hasPanicked(): boolean {
  return panicked !== undefined;
}

/** The glue bound to the engine instance, instantiated on first use. */
export function engineGlue(compile: () => Promise<WebAssembly.Module>): Promise<EngineGlue> {
  if (panicked !== undefined)
    return Promise.reject(
      new EnginePanic(`The schema engine panicked earlier (${panicked}) and cannot run again until its worker restarts.`),
    );
  glue_ ??= compile().then(instantiate);
  glue_.catch(() => (glue_ = undefined));
  return glue_;
}

async function instantiate(module: WebAssembly.Module): Promise<EngineGlue> {
  const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}
