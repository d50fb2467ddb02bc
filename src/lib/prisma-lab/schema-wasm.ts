/**
 * Prisma's schema WASM (`@prisma/prisma-schema-wasm`, the prisma-fmt build the CLI runs for
 * `validate` and `format`), bound to a compiled module the host provides.
 *
 * The package's own glue is the wasm-bindgen "nodejs" target: it reads the .wasm with `fs` when
 * imported, so a worker cannot load it. The lab needs two of its functions, each taking and giving
 * strings, so this module speaks the same small ABI itself (strings in linear memory, the error
 * value in the externref table). Imports are matched by name prefix: the hash suffixes change
 * between builds, and an import this module does not know fails the load with its name.
 */

type Exports = {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_malloc: (size: number, align: number) => number;
  __wbindgen_realloc: (ptr: number, old: number, size: number, align: number) => number;
  __wbindgen_free: (ptr: number, size: number, align: number) => void;
  __externref_table_dealloc: (index: number) => void;
  __wbindgen_start: () => void;
  format: (schemaPtr: number, schemaLen: number, paramsPtr: number, paramsLen: number) => [number, number];
  validate: (ptr: number, len: number) => [number, number];
};

export type SchemaFiles = [path: string, content: string][];

/** A schema error as the WASM reports it: P1012 with the engine's rendered message. */
export class SchemaError extends Error {
  override name = 'SchemaError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface SchemaWasm {
  /** The files, formatted as `prisma format` writes them. */
  format(files: SchemaFiles): SchemaFiles;
  /** Throws SchemaError when the schema is invalid. */
  validate(files: SchemaFiles): void;
}

const FORMAT_PARAMS = JSON.stringify({ textDocument: { uri: 'file:/dev/null' }, options: { tabSize: 2, insertSpaces: true } });

export async function instantiateSchemaWasm(module: WebAssembly.Module, onPanic: (message: string) => void): Promise<SchemaWasm> {
  let wasm: Exports | undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const encoder = new TextEncoder();
  const text = (ptr: number, len: number) => decoder.decode(new Uint8Array(wasm!.memory.buffer, ptr >>> 0, len));
  const known: [prefix: string, fn: (...args: number[]) => unknown][] = [
    ['__wbg_Error_', (ptr, len) => new Error(text(ptr!, len!))],
    [
      '__wbg___wbindgen_throw_',
      (ptr, len) => {
        throw new Error(text(ptr!, len!));
      },
    ],
    ['__wbg_set_message_', (ptr, len) => onPanic(text(ptr!, len!))],
    [
      '__wbindgen_init_externref_table',
      () => {
        const table = wasm!.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      },
    ],
  ];
  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  for (const wanted of WebAssembly.Module.imports(module)) {
    const match = known.find(([prefix]) => wanted.name.startsWith(prefix));
    if (!match) throw new Error(`Prisma's schema WASM needs ${wanted.module}.${wanted.name}, which the lab's loader does not provide.`);
    (imports[wanted.module] ??= {})[wanted.name] = match[1];
  }
  const instance = await WebAssembly.instantiate(module, imports);
  wasm = instance.exports as unknown as Exports;
  wasm.__wbindgen_start();
  const exports = wasm;

  const pass = (value: string): [number, number] => {
    const bytes = encoder.encode(value);
    const ptr = exports.__wbindgen_malloc(bytes.length, 1) >>> 0;
    new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  };

  return {
    format(files) {
      const [schemaPtr, schemaLen] = pass(JSON.stringify(files));
      const [paramsPtr, paramsLen] = pass(FORMAT_PARAMS);
      const [ptr, len] = exports.format(schemaPtr, schemaLen, paramsPtr, paramsLen);
      try {
        return JSON.parse(text(ptr, len)) as SchemaFiles;
      } finally {
        exports.__wbindgen_free(ptr, len, 1);
      }
    },
    validate(files) {
      const [ptr, len] = pass(JSON.stringify({ prismaSchema: files, noColor: true }));
      const [errorIndex, failed] = exports.validate(ptr, len);
      if (!failed) return;
      const error = exports.__wbindgen_externrefs.get(errorIndex) as Error;
      exports.__externref_table_dealloc(errorIndex);
      let parsed: { error_code?: string; message?: string } = {};
      try {
        parsed = JSON.parse(error.message) as typeof parsed;
      } catch {
        throw new SchemaError('', error.message);
      }
      throw new SchemaError(parsed.error_code ?? '', parsed.message ?? error.message);
    },
  };
}
