/** The messages between /check's page (lint-client.ts) and its lint worker (lint-worker.ts). */
import type { Finding } from './lint.ts';

export interface LintRequest {
  id: number;
  sql: string;
  /** The second run's failures, for second-run-conflict. */
  secondRun?: { line: number; code: string; message: string }[];
}

export type LintReply = { id: number; findings: Finding[] } | { id: number; error: string };
