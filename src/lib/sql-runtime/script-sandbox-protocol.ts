/**
 * The only channel between a reader's script and the database: a MessagePort that carries queries
 * out and their results back, plus the script's console lines and its end. The host checks every
 * message's shape, since whatever is on the sandbox's side of the port may be hostile.
 */
import type { ScriptLine } from './script-runner.ts';

/** Host → sandbox, once, on the worker itself: the code, and the port everything else uses. */
export interface SandboxStart {
  code: string;
  port: MessagePort;
}

export type SandboxMessage =
  | { type: 'query'; id: number; kind: 'execute' | 'query'; sql: string; params: unknown[] }
  | { type: 'line'; line: ScriptLine }
  | { type: 'done'; exitCode: number };

/** A database error as the script's `catch` sees it: PostgreSQL's fields, not the stack. */
export interface SandboxError {
  name: string;
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
}

export type SandboxReply = { id: number; ok: true; value: number | unknown[] } | { id: number; ok: false; error: SandboxError };

const isRecord = (data: unknown): data is Record<string, unknown> => typeof data === 'object' && data !== null;

export function isSandboxMessage(data: unknown): data is SandboxMessage {
  if (!isRecord(data)) return false;
  switch (data.type) {
    case 'query':
      return (
        Number.isSafeInteger(data.id) &&
        (data.kind === 'execute' || data.kind === 'query') &&
        typeof data.sql === 'string' &&
        Array.isArray(data.params)
      );
    case 'line': {
      const line = data.line;
      return isRecord(line) && (line.stream === 'stdout' || line.stream === 'stderr') && typeof line.text === 'string';
    }
    case 'done':
      return Number.isSafeInteger(data.exitCode);
    default:
      return false;
  }
}

export function toSandboxError(error: unknown): SandboxError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, detail, hint } = error as Error & { code?: unknown; detail?: unknown; hint?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(typeof hint === 'string' ? { hint } : {}),
  };
}
