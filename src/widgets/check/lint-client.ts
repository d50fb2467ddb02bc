/**
 * The page's side of lint-worker.ts: one worker for the tab, started on the first lint; a request
 * never stays pending (a worker that fails rejects what it holds, and the next lint starts anew).
 */
import type { Finding } from '../../lib/checker/lint.ts';

// The messages live beside the engine so the worker need not import its page-side client.
import type { LintReply, LintRequest } from '../../lib/checker/lint-protocol.ts';
export type { LintReply, LintRequest };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (findings: Finding[]) => void; reject: (error: Error) => void }>();

function failAll(error: Error): void {
  worker?.terminate();
  worker = undefined;
  for (const request of pending.values()) request.reject(error);
  pending.clear();
}

function lintWorker(): Worker {
  if (worker) return worker;
  const created = new Worker(new URL('../../lib/checker/lint-worker.ts', import.meta.url), { type: 'module', name: 'lint' });
  created.addEventListener('message', (event: MessageEvent<LintReply>) => {
    const reply = event.data;
    const request = pending.get(reply.id);
    if (!request) return;
    pending.delete(reply.id);
    if ('error' in reply) request.reject(new Error(`The linter failed: ${reply.error}`));
    else request.resolve(reply.findings);
  });
  created.addEventListener('error', (event) => {
    event.preventDefault();
    failAll(new Error(`The linter could not run${event.message ? `: ${event.message}` : ''}. Check again to retry.`));
  });
  worker = created;
  return created;
}

export function lintOffThread(sql: string, options: { secondRun?: LintRequest['secondRun'] } = {}): Promise<Finding[]> {
  const id = nextId++;
  return new Promise<Finding[]>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    lintWorker().postMessage({ id, sql, ...(options.secondRun ? { secondRun: options.secondRun } : {}) } satisfies LintRequest);
  });
}
