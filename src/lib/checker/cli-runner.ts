/**
 * Drives the command line's checks through a worker thread (cli-worker.ts), one migration at a
 * time, with a time limit per migration. A migration that runs out of time, stops the database or
 * cannot be read becomes a problem on that migration; a fresh worker replays the migrations before it
 * and the check goes on with the ones after it.
 */
import { Worker } from 'node:worker_threads';
import { outcome, summarize, type CheckReport, type MigrationReport, type RunOutcome } from './check.ts';
import type { FromWorker, ToWorker } from './cli-worker.ts';
import type { Finding } from './lint.ts';
import type { SourceEntry } from './sources.ts';
import { extensionsCreated, isAvailable, onlyMissingObjects, withoutExtensions } from './extensions.ts';

export type WorkerFactory = () => Worker;

export const startCheckWorker: WorkerFactory = () => new Worker(new URL('./cli-worker.mjs', import.meta.url));

/** The worker could not start or answer outside any one migration: the tool itself failed. */
export class InternalError extends Error {
  override name = 'InternalError';
}

type Reply = FromWorker | { type: 'timeout' } | { type: 'died'; message: string };

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

class CheckWorker {
  readonly #worker: Worker;
  #pending: ((reply: Reply) => void) | undefined;
  #died: string | undefined;

  constructor(factory: WorkerFactory) {
    this.#worker = factory();
    this.#worker.on('message', (message: FromWorker) => this.#settle(message));
    this.#worker.on('error', (error) => this.#die(error.message || String(error)));
    this.#worker.on('exit', (code) => this.#die(`the worker ended with exit code ${code}`));
  }

  #settle(reply: Reply): void {
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.(reply);
  }

  #die(message: string): void {
    this.#died ??= message;
    this.#settle({ type: 'died', message });
  }

  request(message: ToWorker, timeoutMs: number | undefined): Promise<Reply> {
    if (this.#died !== undefined) return Promise.resolve({ type: 'died', message: this.#died });
    return new Promise((resolve) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.#settle({ type: 'timeout' });
              void this.terminate();
            }, timeoutMs);
      this.#pending = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      this.#worker.postMessage(message);
    });
  }

  async terminate(): Promise<void> {
    this.#died ??= 'terminated';
    await this.#worker.terminate();
  }
}

const notRun = (why: string): RunOutcome => ({ ok: false, failures: [], skipped: why });

function problemReport(name: string, problems: string[], findings: Finding[] = []): MigrationReport {
  return { name, findings, batch: notRun('not run'), statements: notRun('not run'), again: notRun('not run'), problems };
}

export interface RunnerOptions {
  timeoutMs: number;
  startWorker?: WorkerFactory;
  /** Under --since: which entries are checked; the others are only replayed. Absent: all are checked. */
  checked?: (name: string) => boolean;
  /** Whose execution the lint judges CONCURRENTLY and enum values by (default 7.4). */
  target?: '7.3' | '7.4';
  /** Called after each migration, for progress. */
  onProgress?: (done: number, total: number) => void;
}

export async function checkEntries(entries: SourceEntry[], options: RunnerOptions): Promise<CheckReport> {
  const factory = options.startWorker ?? startCheckWorker;
  const reports: MigrationReport[] = [];
  const history: string[] = [];
  const requested = entries.flatMap((entry) => ('sql' in entry ? extensionsCreated(entry.sql) : []));
  const extensions = requested.filter(isAvailable);
  /** Extensions PGlite lacks that an earlier (or this) migration asked for. */
  const unavailable = new Set<string>();
  let worker: CheckWorker | undefined;
  const replace = async () => {
    await worker?.terminate();
    worker = undefined;
  };
  try {
    for (const [index, entry] of entries.entries()) {
      if ('problem' in entry) {
        reports.push(problemReport(entry.name, [entry.problem]));
        continue;
      }
      if (!worker) {
        worker = new CheckWorker(factory);
        const ready = await worker.request({ type: 'start', history, extensions, target: options.target ?? '7.4' }, undefined);
        if (ready.type !== 'ready')
          throw new InternalError(`the database worker did not start (${'message' in ready ? ready.message : ready.type})`);
      }
      const missing = extensionsCreated(entry.sql).filter((name) => !isAvailable(name));
      for (const name of missing) unavailable.add(name);
      const sql = withoutExtensions(entry.sql, unavailable);
      options.onProgress?.(index, entries.length);
      if (options.checked && !options.checked(entry.name)) {
        const replayed = await worker.request({ type: 'replay', sql }, options.timeoutMs);
        if (replayed.type !== 'replayed') {
          await replace();
          reports.push({
            ...problemReport(entry.name, [
              `could not be replayed (${replayed.type === 'died' || replayed.type === 'broken' ? replayed.message : replayed.type})`,
            ]),
            replayedOnly: true,
          });
        } else {
          history.push(sql);
          reports.push({ ...problemReport(entry.name, []), problems: [], replayedOnly: true });
        }
        continue;
      }
      const reply = await worker.request({ type: 'check', sql, target: options.target ?? '7.4' }, options.timeoutMs);
      const without = index < entries.length - 1 ? '; the migrations after it are checked without it' : '';
      if (reply.type === 'checked' && reply.unrunnable.length > 0) {
        reports.push(
          problemReport(
            entry.name,
            reply.unrunnable.map((problem) => `${problem}; not run${without}`),
            reply.findings,
          ),
        );
      } else if (reply.type === 'checked') {
        const batch = outcome(entry.sql, reply.batch!);
        const statements = outcome(entry.sql, reply.statements!);
        const dependsOn =
          unavailable.size > 0 && (onlyMissingObjects(batch) || onlyMissingObjects(statements)) ? [...unavailable] : undefined;
        reports.push({
          name: entry.name,
          findings: reply.findings,
          batch,
          statements,
          again: reply.again ? outcome(entry.sql, reply.again) : notRun('the first run failed'),
          ...(reply.trace ? { trace: reply.trace } : {}),
          ...(reply.deployMode ? { deployMode: reply.deployMode } : {}),
          ...(reply.fallback ? { fallback: reply.fallback } : {}),
          ...(dependsOn ? { dependsOn } : {}),
          ...(missing.length > 0 ? { unavailableExtensions: missing } : {}),
        });
        history.push(sql);
      } else if (reply.type === 'timeout') {
        await replace();
        reports.push(
          problemReport(entry.name, [
            `stopped after ${seconds(options.timeoutMs)}: the time limit per migration; --timeout to change it${without}`,
          ]),
        );
      } else if (reply.type === 'broken') {
        await replace();
        reports.push(problemReport(entry.name, [`${reply.message}${without}`], reply.findings));
      } else if (reply.type === 'died') {
        await replace();
        reports.push(problemReport(entry.name, [`the database stopped while running it (${reply.message})${without}`]));
      } else {
        throw new InternalError(`unexpected reply from the database worker: ${reply.type}`);
      }
    }
  } finally {
    await worker?.terminate();
  }
  return summarize(reports);
}
