/**
 * Runs a Node-style migration script (the guide's `scripts/apply-migration.js`) against the tab's
 * database: `require('@prisma/client')` gives a PrismaClient whose `$executeRaw`/`$queryRaw`
 * tagged templates send their values as bind parameters ($1, $2, …), never spliced into the SQL.
 *
 * The script gets no DOM (it runs in the worker), and network and worker globals are shadowed.
 * That keeps honest scripts honest; it is not a security boundary — the time limit and the worker
 * restart are what stop a runaway script.
 */

export interface ParamDatabase {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
}

export interface ScriptLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ScriptResult {
  lines: ScriptLine[];
  /** process.exit's code, 0 when the script ended on its own, 1 on an uncaught error. */
  exitCode: number;
  elapsedMs: number;
}

class ProcessExit {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

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

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const code = (value as Error & { code?: unknown }).code;
    return `${value.name}: ${value.message}${typeof code === 'string' ? `\n  code: '${code}'` : ''}`;
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const SHADOWED = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'indexedDB', 'caches', 'postMessage', 'self', 'globalThis', 'navigator', 'Worker'];

export async function runPrismaScript(db: ParamDatabase, code: string, options: { settleMs?: number } = {}): Promise<ScriptResult> {
  const started = performance.now();
  const lines: ScriptLine[] = [];
  let inFlight = 0;
  let exitCode: number | undefined;
  const log = (stream: ScriptLine['stream']) => (...args: unknown[]) => void lines.push({ stream, text: args.map(describe).join(' ') });
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    if (exitCode !== undefined) throw new ProcessExit(exitCode);
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
    }
  };

  const client = {
    $executeRaw: (strings: TemplateStringsArray, ...values: unknown[]) =>
      track(async () => {
        const { sql, params } = templateToQuery(strings, values);
        return (await db.query(sql, params)).affectedRows ?? 0;
      }),
    $queryRaw: (strings: TemplateStringsArray, ...values: unknown[]) =>
      track(async () => {
        const { sql, params } = templateToQuery(strings, values);
        return (await db.query(sql, params)).rows;
      }),
    $disconnect: () => track(async () => undefined),
    $connect: () => track(async () => undefined),
  };
  const modules: Record<string, unknown> = {
    '@prisma/client': { PrismaClient: class { constructor() { return client; } } },
  };
  const require = (name: string) => {
    if (name in modules) return modules[name];
    throw new Error(`Cannot find module '${name}' (only @prisma/client is available here)`);
  };
  const process = {
    exit: (code = 0) => {
      exitCode ??= code;
      throw new ProcessExit(code);
    },
    env: {},
    argv: ['node', 'scripts/apply-migration.js'],
  };
  const console = { log: log('stdout'), info: log('stdout'), warn: log('stderr'), error: log('stderr') };

  // A rejection that only carries process.exit() is the script ending, not an error.
  const settle = (error: unknown) => {
    if (error instanceof ProcessExit) return;
    lines.push({ stream: 'stderr', text: `Uncaught ${describe(error)}` });
    exitCode ??= 1;
  };
  try {
    const body = new Function('require', 'console', 'process', 'module', 'exports', ...SHADOWED, `"use strict";\n${code}`);
    const returned: unknown = body(require, console, process, { exports: {} }, {}, ...SHADOWED.map(() => undefined));
    if (returned instanceof Promise) await returned.catch(settle);
  } catch (error) {
    settle(error);
  }
  // `main();` is not awaited by the script: wait until its queries stop and a few turns pass quietly.
  const settleMs = options.settleMs ?? 30;
  let quietSince = performance.now();
  while (exitCode === undefined && performance.now() - quietSince < settleMs) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (inFlight > 0) quietSince = performance.now();
  }
  return { lines, exitCode: exitCode ?? 0, elapsedMs: performance.now() - started };
}
