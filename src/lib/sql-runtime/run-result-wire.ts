/**
 * How a big RunResult crosses from the worker to the page without freezing it.
 *
 * The page deserialises a posted message in one task when it first reads it: 100,000 statements
 * (a pasted 1 MB script) are about a million small objects, 200-300 ms of main-thread work on this
 * machine. Packed as a few JSON strings instead, the message itself clones in a few milliseconds,
 * and the page parses it piece by piece between tasks. Small results travel as they are.
 */
import type { Notice, RunResult, StatementResult } from './results.ts';

/** Statements or notices per JSON piece: one piece parses in a millisecond or two. */
const PIECE = 250;
/** Below this many statements and notices a result is posted as it is. */
const PACK_ABOVE = 1_000;

export interface PackedRun {
  /** The result with `statements` and `notices` emptied when they travel in `pieces`. */
  result: RunResult;
  packed?: {
    statements: string[];
    notices: string[];
    /** Blobs (the full values of cut cells) cannot go into JSON: they travel beside it. */
    blobs: Blob[];
  };
}

const BLOB_KEY = '$blob';

function pieces<T>(items: T[], replacer: (key: string, value: unknown) => unknown): string[] {
  const out: string[] = [];
  for (let at = 0; at < items.length; at += PIECE) out.push(JSON.stringify(items.slice(at, at + PIECE), replacer));
  return out;
}

/** Worker side. */
export function packRunResult(result: RunResult): PackedRun {
  if (result.statements.length + result.notices.length <= PACK_ABOVE) return { result };
  const blobs: Blob[] = [];
  const replacer = (_key: string, value: unknown) => (value instanceof Blob ? { [BLOB_KEY]: blobs.push(value) - 1 } : value);
  return {
    result: { ...result, statements: [], notices: [] },
    packed: { statements: pieces(result.statements, replacer), notices: pieces(result.notices, replacer), blobs },
  };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Page side: parses one piece per task, so other work (input, timers, painting) runs in between. */
export async function unpackRunResult({ result, packed }: PackedRun): Promise<RunResult> {
  if (!packed) return result;
  const { blobs } = packed;
  const reviver = blobs.length
    ? (_key: string, value: unknown) =>
        value !== null && typeof value === 'object' && BLOB_KEY in value ? blobs[(value as Record<string, number>)[BLOB_KEY]!] : value
    : undefined;
  const statements: StatementResult[] = [];
  const notices: Notice[] = [];
  for (const piece of packed.statements) {
    statements.push(...(JSON.parse(piece, reviver) as StatementResult[]));
    await nextTask();
  }
  for (const piece of packed.notices) {
    notices.push(...(JSON.parse(piece, reviver) as Notice[]));
    await nextTask();
  }
  return { ...result, statements, notices };
}
