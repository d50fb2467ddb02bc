/**
 * How a big RunResult crosses from the worker to the page without freezing it.
 *
 * The page deserialises a posted message in one task when it first reads it: 100,000 statements
 * (a pasted 1 MB script) are about a million small objects, 200-300 ms of main-thread work on this
 * machine. Packed as JSON pieces, the objects are gone, but copying the strings still took 46 ms
 * plus 41 ms of garbage collection in that one task (a profile, 2026-12-01). So the pieces travel as
 * UTF-8 in one transferred ArrayBuffer, which moves without a copy, and the page decodes and parses
 * them one piece per task. Small results travel as they are.
 */
import type { Notice, RunResult, StatementResult } from './results.ts';

/** Statements or notices per JSON piece: one piece parses in a millisecond or two. */
const PIECE = 250;
/** Below this many statements and notices a result is posted as it is. */
const PACK_ABOVE = 1_000;

export interface PackedRun {
  /** The result with `statements` and `notices` emptied when they travel in `packed`. */
  result: RunResult;
  packed?: {
    /** Every piece's JSON as UTF-8, back to back: statements' pieces first, then notices'. */
    bytes: ArrayBuffer;
    /** Where each piece ends in `bytes`. */
    statementEnds: number[];
    noticeEnds: number[];
    /** Blobs (the full values of cut cells) cannot go into JSON: they travel beside it. */
    blobs: Blob[];
  };
}

const BLOB_KEY = '$blob';

function pieces<T>(items: T[], replacer: (key: string, value: unknown) => unknown): Uint8Array[] {
  const encoder = new TextEncoder();
  const out: Uint8Array[] = [];
  for (let at = 0; at < items.length; at += PIECE) out.push(encoder.encode(JSON.stringify(items.slice(at, at + PIECE), replacer)));
  return out;
}

/** Lays the pieces end to end in one buffer; returns it and where each group's pieces end. */
function concatenate(groups: Uint8Array[][]): { bytes: ArrayBuffer; ends: number[][] } {
  const total = groups.flat().reduce((sum, piece) => sum + piece.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  const ends = groups.map((group) =>
    group.map((piece) => {
      all.set(piece, at);
      at += piece.byteLength;
      return at;
    }),
  );
  return { bytes: all.buffer, ends };
}

/** Worker side. */
export function packRunResult(result: RunResult): PackedRun {
  if (result.statements.length + result.notices.length <= PACK_ABOVE) return { result };
  const blobs: Blob[] = [];
  const replacer = (_key: string, value: unknown) => (value instanceof Blob ? { [BLOB_KEY]: blobs.push(value) - 1 } : value);
  const {
    bytes,
    ends: [statementEnds = [], noticeEnds = []],
  } = concatenate([pieces(result.statements, replacer), pieces(result.notices, replacer)]);
  return { result: { ...result, statements: [], notices: [] }, packed: { bytes, statementEnds, noticeEnds, blobs } };
}

/** What postMessage should move rather than copy. */
export function runTransfer({ packed }: PackedRun): Transferable[] {
  return packed ? [packed.bytes] : [];
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Page side: decodes and parses one piece per task, so input, timers and painting run in between. */
export async function unpackRunResult({ result, packed }: PackedRun): Promise<RunResult> {
  if (!packed) return result;
  const { bytes, statementEnds, noticeEnds, blobs } = packed;
  const reviver = blobs.length
    ? (_key: string, value: unknown) =>
        value !== null && typeof value === 'object' && BLOB_KEY in value ? blobs[(value as Record<string, number>)[BLOB_KEY]!] : value
    : undefined;
  const decoder = new TextDecoder();
  let from = 0;
  async function parse<T>(ends: number[]): Promise<T[]> {
    const items: T[] = [];
    for (const end of ends) {
      items.push(...(JSON.parse(decoder.decode(new Uint8Array(bytes, from, end - from)), reviver) as T[]));
      from = end;
      await nextTask();
    }
    return items;
  }
  const statements = await parse<StatementResult>(statementEnds);
  const notices = await parse<Notice>(noticeEnds);
  return { ...result, statements, notices };
}
