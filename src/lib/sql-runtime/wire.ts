/**
 * The database's replies, read from PostgreSQL's wire protocol (what PGlite's execProtocol returns):
 * rows as PostgreSQL's own text, errors with their fields, a reply the database did not really give
 * refused. The session, migrations, the lock tracer, the lab's adapter and the checker's CLI worker
 * all read replies here, so none of them imports the session that drives the others.
 */
import type { DbError, Notice, StatementResult } from './results.ts';
import { findMetaCommand, type StatementSpan } from './split-statements.ts';
import { newBudget, ResultBuilder, type ResultBudget } from './result-caps.ts';

/** The part of PGlite this module needs; a fake or another driver can stand in. */
export interface ProtocolDatabase {
  execProtocol(message: Uint8Array, options?: { throwOnError?: boolean }): Promise<{ messages: BackendMessage[] }>;
}

export interface BackendMessage {
  name: string;
  text?: string;
  status?: string;
  fields?: unknown[];
  [key: string]: unknown;
}

/**
 * The database can no longer execute anything (a PANIC or FATAL, a reply cut short, a statement
 * answered with nothing): whatever it says from now on would be made up. Reopen it.
 */
export class DatabaseBrokenError extends Error {
  override name = 'DatabaseBrokenError';
  /** The server's own error, when it sent one. */
  readonly error: DbError | undefined;
  constructor(message: string, error?: DbError) {
    super(message);
    this.error = error;
  }
}

/** The script asks for something only a client such as psql can do; nothing was sent. */
export class UnsupportedInputError extends Error {
  override name = 'UnsupportedInputError';
}

export const COPY_FROM_STDIN_MESSAGE =
  "COPY FROM STDIN needs a client that sends the data (psql's \\copy); this page cannot. Use INSERT … VALUES or a setup fixture.";

const encoder = new TextEncoder();

/** A frontend Query message: 'Q', int32 length, the SQL as a C string. */
export function queryMessage(sql: string): Uint8Array {
  const body = encoder.encode(sql);
  const message = new Uint8Array(body.length + 6);
  message[0] = 0x51;
  new DataView(message.buffer).setInt32(1, body.length + 5);
  message.set(body, 5);
  return message;
}

function toDbError(message: BackendMessage): DbError {
  const text = (key: string) => (typeof message[key] === 'string' && message[key] !== '' ? (message[key] as string) : undefined);
  const position = text('position');
  return {
    severity: text('severity') ?? 'ERROR',
    code: text('code') ?? 'XX000',
    message: String((message as { message?: unknown }).message ?? 'unknown error'),
    ...(text('detail') ? { detail: text('detail') } : {}),
    ...(text('hint') ? { hint: text('hint') } : {}),
    ...(text('where') ? { where: text('where') } : {}),
    ...(position ? { position: Number(position) } : {}),
  };
}

function toNotice(message: BackendMessage): Notice {
  const { severity, code, message: text, detail, hint } = toDbError(message);
  return { severity, code, message: text, ...(detail ? { detail } : {}), ...(hint ? { hint } : {}) };
}

export interface Reply {
  statements: StatementResult[];
  notices: Notice[];
  error?: DbError;
  /** readyForQuery: I idle, T in a transaction block, E in a failed transaction block; undefined: it never came. */
  status: string | undefined;
  /** The server answered an empty query (only comments). */
  empty: boolean;
}

const decoder = new TextDecoder();

/** Folds one Query's backend messages into per-statement results. */
export function readReply(messages: BackendMessage[], maxRows: number, budget: ResultBudget = newBudget()): Reply {
  const statements: StatementResult[] = [];
  const notices: Notice[] = [];
  let current: ResultBuilder | undefined;
  let error: DbError | undefined;
  let status: string | undefined;
  let empty = false;
  for (const message of messages) {
    switch (message.name) {
      case 'rowDescription':
        current = new ResultBuilder(
          (message.fields as { name: string }[]).map((field) => field.name),
          maxRows,
          budget,
        );
        break;
      case 'dataRow':
        current?.add(message.fields as (string | null)[]);
        break;
      // COPY … TO STDOUT: each data message is one line of COPY's text format, shown as a row.
      case 'copyOutResponse':
        current = new ResultBuilder(['COPY output'], maxRows, budget);
        break;
      case 'copyData':
        current?.add([decoder.decode(message.chunk as Uint8Array).replace(/\n$/, '')]);
        break;
      case 'commandComplete': {
        const tag = message.text ?? '';
        const count = /\s(\d+)$/.exec(tag)?.[1];
        statements.push({
          status: 'ok',
          command: tag,
          ...(count !== undefined ? { rowCount: Number(count) } : {}),
          ...(current ? { result: current.finish() } : {}),
        });
        current = undefined;
        break;
      }
      case 'emptyQueryResponse':
        empty = true;
        break;
      case 'notice':
        notices.push(toNotice(message));
        break;
      case 'error':
        error = toDbError(message);
        statements.push({ status: 'error', error });
        current = undefined;
        break;
      case 'readyForQuery':
        status = message.status ?? 'I';
        break;
    }
  }
  return { statements, notices, ...(error ? { error } : {}), status, empty };
}

const describeError = (error: DbError) => `${error.severity} ${error.code}: ${error.message}`;

/**
 * Sends one Query and checks that the server really answered it: a reply that never reached
 * readyForQuery, an empty reply, or a PANIC/FATAL means the instance is gone, and every later
 * reply (PGlite goes on answering with nothing) would read as success.
 */
export async function query(db: ProtocolDatabase, sql: string, maxRows = 0, budget?: ResultBudget): Promise<Reply> {
  let messages: BackendMessage[];
  try {
    messages = (await db.execProtocol(queryMessage(sql), { throwOnError: false })).messages;
  } catch (error) {
    throw new DatabaseBrokenError(`The database stopped: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const reply = readReply(messages, maxRows, budget);
  if (reply.error && /^(PANIC|FATAL)$/.test(reply.error.severity)) {
    throw new DatabaseBrokenError(`The database can no longer run statements (${describeError(reply.error)}).`, reply.error);
  }
  if (messages.length === 0)
    throw new DatabaseBrokenError('The database answered a statement with nothing: it can no longer run statements.');
  if (reply.status === undefined)
    throw new DatabaseBrokenError('The database stopped answering in the middle of a reply: it can no longer run statements.');
  if (reply.statements.length === 0 && !reply.empty)
    throw new DatabaseBrokenError('The database answered a statement without running it: it can no longer run statements.');
  return reply;
}

const COPY_FROM_STDIN = /^\s*COPY\b[\s\S]*\bFROM\s+STDIN\b/i;

/** Refuses, before anything is sent, what only psql can do (PGlite cannot survive COPY FROM STDIN). */
export function refuseUnsupported(sql: string, spans: StatementSpan[]): void {
  // COPY first: a pasted pg_dump has `COPY … FROM stdin;`, its data and a `\.` line.
  if (spans.some((span) => COPY_FROM_STDIN.test(stripComments(span.text)))) throw new UnsupportedInputError(COPY_FROM_STDIN_MESSAGE);
  const meta = findMetaCommand(sql);
  if (meta) {
    throw new UnsupportedInputError(
      `Line ${meta.line}: ${meta.text.slice(0, 80)} is a psql meta-command, not SQL: psql runs those itself (\\i, \\c, \\copy, \\d, …) and this page has no psql. Remove it; write the SQL it stands for instead.`,
    );
  }
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}
