/**
 * Runs a Node-style migration script (the guide's `scripts/apply-migration.js`): `require('@prisma/client')`
 * gives a PrismaClient whose `$executeRaw`/`$queryRaw` tagged templates send their values as bind
 * parameters ($1, $2, …), never spliced into the SQL.
 *
 * This module is the pure part (no DOM, no worker): compiling, the Node stand-ins (require, console,
 * process), exit codes. In the browser it runs inside the script sandbox (script-sandbox-worker.ts),
 * where the network and the page are gone; in Node the tests run it directly.
 */
import { MAX_RESULT_CHARS, MAX_SCRIPT_LINES } from './limits.ts';
import { lineAt } from './text-lines.ts';

export interface ParamDatabase {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
}

export interface ScriptLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ScriptResult {
  lines: ScriptLine[];
  /** process.exit's code, 0 when the script ended on its own, 1 on an uncaught error or the time limit. */
  exitCode: number;
  elapsedMs: number;
}

/** How a script reaches the database: `$executeRaw` (affected rows) or `$queryRaw` (rows). */
export type ScriptQuery = (kind: 'execute' | 'query', sql: string, params: unknown[]) => Promise<number | unknown[]>;

/** A script the sandbox refuses before running it (it would load code from elsewhere). */
export class ScriptRefused extends Error {
  override name = 'ScriptRefused';
}

class ProcessExit {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

// Taken now, while the module loads: the sandbox removes these names from its global scope before
// the reader's code runs, and the runner must keep its clock and its timer.
const now = performance.now.bind(performance);
const later = setTimeout.bind(globalThis);

/**
 * process.exit() must stop the script where it stands, so it throws; inside an async `main()` that
 * nobody awaits, that surfaces as an unhandled rejection. Hosts use this to recognise and drop it.
 */
export function isScriptExit(reason: unknown): boolean {
  return reason instanceof ProcessExit;
}

/** `strings` with `$1…$n` where the template had values, as Prisma's tagged templates do. */
export function templateToQuery(strings: TemplateStringsArray | string[], values: unknown[]): { sql: string; params: unknown[] } {
  const sql = strings.reduce((text, part, index) => text + (index > 0 ? `$${index}` : '') + part, '');
  return { sql, params: values };
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const code = (value as Error & { code?: unknown }).code;
    return `${value.name}: ${value.message}${typeof code === 'string' ? `\n  code: '${code}'` : ''}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Where the code would load a module at run time (`import(…)`), or -1. A dynamic import is syntax,
 * not a global, so no amount of removing globals takes it away; the sandbox refuses such code.
 * Deliberately coarse: the word `import` anywhere except as a property name (`x.import`) counts, in
 * comments and strings too. Escaped spellings (`\u0069mport`) cannot be a keyword, so they cannot
 * import either.
 */
export function findModuleLoad(code: string): number {
  for (const match of code.matchAll(/(?<![\w$\\])import(?![\w$])/g)) {
    const before = code.slice(0, match.index).trimEnd();
    const propertyAccess = before.endsWith('.') && !before.endsWith('..');
    if (!propertyAccess) return match.index;
  }
  return -1;
}

// Node names a script may reach for; inside the function they are parameters bound to undefined,
// so an honest script gets a clear "not defined"-style failure instead of the page's objects.
const SHADOWED = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'importScripts',
  'indexedDB',
  'caches',
  'postMessage',
  'self',
  'globalThis',
  'navigator',
  'Worker',
  'window',
  'document',
];
const PARAMETERS = ['require', 'console', 'process', 'module', 'exports', ...SHADOWED];

export type CompiledScript = (...args: unknown[]) => unknown;

/** The script as a function, or a thrown SyntaxError / ScriptRefused; nothing of it runs yet. */
export function compileScript(code: string): CompiledScript {
  const load = findModuleLoad(code);
  if (load >= 0) {
    throw new ScriptRefused(
      `import is not available here (line ${lineAt(code, load)}): this sandbox loads no modules and has no network; ` +
        "use require('@prisma/client'). The word import is refused anywhere except as a property name, comments and strings included.",
    );
  }
  return new Function(...PARAMETERS, `"use strict";\n${code}`) as CompiledScript;
}

export interface RunOptions {
  /** How long the script must stay quiet (no query in flight) before it counts as finished. */
  settleMs?: number;
  /** Each console line as it is written (the sandbox streams them, so a stopped script keeps its output). */
  onLine?: (line: ScriptLine) => void;
}

/** One script's run: the Node stand-ins it sees and what it wrote. */
export class ScriptRun {
  readonly lines: ScriptLine[] = [];
  exitCode: number | undefined;
  #inFlight = 0;
  #chars = 0;
  #cut = false;
  readonly #query: ScriptQuery;
  readonly #onLine: ((line: ScriptLine) => void) | undefined;

  constructor(query: ScriptQuery, onLine?: (line: ScriptLine) => void) {
    this.#query = query;
    this.#onLine = onLine;
  }

  write(stream: ScriptLine['stream'], text: string): void {
    if (this.#cut) return;
    // A script printing in a loop would otherwise grow this without bound until the time limit,
    // and the page would freeze drawing it.
    if (this.#chars + text.length > MAX_RESULT_CHARS || this.lines.length >= MAX_SCRIPT_LINES) {
      this.#cut = true;
      text = `… output cut: the script wrote more than ${MAX_SCRIPT_LINES.toLocaleString('en')} lines or ${MAX_RESULT_CHARS.toLocaleString('en')} characters; the rest is not shown.`;
      stream = 'stderr';
    }
    this.#chars += text.length;
    const line = { stream, text };
    this.lines.push(line);
    this.#onLine?.(line);
  }

  /** An error nobody caught: Node prints it and exits with 1; process.exit() is the script ending. */
  uncaught(error: unknown): void {
    if (error instanceof ProcessExit) return;
    this.write('stderr', `Uncaught ${describe(error)}`);
    this.exitCode ??= 1;
  }

  get quiet(): boolean {
    return this.#inFlight === 0;
  }

  /** Something pending the script still waits for (a timer); like Node, the run lasts until it is released. */
  hold(): () => void {
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
    };
  }

  #track = async <T>(work: () => Promise<T>): Promise<T> => {
    if (this.exitCode !== undefined) throw new ProcessExit(this.exitCode);
    this.#inFlight += 1;
    try {
      return await work();
    } finally {
      this.#inFlight -= 1;
    }
  };

  /** The arguments the compiled script is called with, in PARAMETERS order. */
  arguments(): unknown[] {
    const client = {
      $executeRaw: (strings: TemplateStringsArray, ...values: unknown[]) =>
        this.#track(async () => {
          const { sql, params } = templateToQuery(strings, values);
          return this.#query('execute', sql, params);
        }),
      $queryRaw: (strings: TemplateStringsArray, ...values: unknown[]) =>
        this.#track(async () => {
          const { sql, params } = templateToQuery(strings, values);
          return this.#query('query', sql, params);
        }),
      $disconnect: () => this.#track(async () => undefined),
      $connect: () => this.#track(async () => undefined),
    };
    const modules: Record<string, unknown> = {
      '@prisma/client': {
        PrismaClient: class {
          constructor() {
            return client;
          }
        },
      },
    };
    const require = (name: string) => {
      if (Object.hasOwn(modules, name)) return modules[name];
      throw new Error(`Cannot find module '${name}' (only @prisma/client is available here)`);
    };
    const process = {
      exit: (code = 0) => {
        this.exitCode ??= code;
        throw new ProcessExit(code);
      },
      env: {},
      argv: ['node', 'scripts/apply-migration.js'],
    };
    const log =
      (stream: ScriptLine['stream']) =>
      (...args: unknown[]) =>
        this.write(stream, args.map(describe).join(' '));
    const console = { log: log('stdout'), info: log('stdout'), warn: log('stderr'), error: log('stderr') };
    return [require, console, process, { exports: {} }, {}, ...SHADOWED.map(() => undefined)];
  }

  /** Calls the script, then waits until its queries stop and a few turns pass quietly (`main();` is not awaited). */
  async run(body: CompiledScript, settleMs = 30): Promise<void> {
    try {
      const returned: unknown = body(...this.arguments());
      if (returned instanceof Promise) await returned.catch((error: unknown) => this.uncaught(error));
    } catch (error) {
      this.uncaught(error);
    }
    let quietSince = now();
    while (this.exitCode === undefined && now() - quietSince < settleMs) {
      await new Promise((resolve) => later(resolve, 5));
      if (!this.quiet) quietSince = now();
    }
  }
}

/** Compiles and runs a script in this realm (Node tests). The browser runs it in the sandbox instead. */
export async function runPrismaScript(db: ParamDatabase, code: string, options: RunOptions = {}): Promise<ScriptResult> {
  const started = now();
  const run = new ScriptRun(async (kind, sql, params) => {
    const result = await db.query(sql, params);
    return kind === 'execute' ? (result.affectedRows ?? 0) : result.rows;
  }, options.onLine);
  let body: CompiledScript;
  try {
    body = compileScript(code);
  } catch (error) {
    run.uncaught(error);
    return { lines: run.lines, exitCode: 1, elapsedMs: now() - started };
  }
  await run.run(body, options.settleMs);
  return { lines: run.lines, exitCode: run.exitCode ?? 0, elapsedMs: now() - started };
}
