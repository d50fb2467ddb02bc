/// <reference lib="webworker" />
/**
 * /check's linter, in a worker of its own: libpg_query parses a migration folder for hundreds of
 * milliseconds (measured 116–708 ms on the page's thread), which on the page would freeze it.
 */
import { lintMigration } from './lint.ts';
import type { LintReply, LintRequest } from './lint-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', async (event: MessageEvent<LintRequest>) => {
  const { id, sql, secondRun } = event.data;
  let reply: LintReply;
  try {
    reply = { id, findings: await lintMigration(sql, secondRun ? { secondRun } : {}) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
});
