/**
 * Which completed statements stayed committed once a Run ended. Work inside a transaction block
 * (implicit, as a multi-statement batch is, or explicit after BEGIN) is pending until the block
 * ends; a savepoint rolled back to undoes only what came after it. The server's command tag, not
 * the statement's text, says how a block ended: a COMMIT of a failed block is answered ROLLBACK.
 */
import type { StatementResult } from './results.ts';

const TRANSACTION_CONTROL = /^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|END|ABORT|SAVEPOINT|RELEASE|PREPARE TRANSACTION)\b/;

/** The statements whose effect stayed committed (see RunResult.committed). */
export function committedStatements(statements: StatementResult[]): number[] {
  return statements.flatMap((statement, index) =>
    statement.status === 'ok' && !TRANSACTION_CONTROL.test(statement.command ?? '') ? [index] : [],
  );
}

/** The statement's text without leading comments and blanks, for reading savepoint names. */
function leadingCode(text: string): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.trimStart();
    if (trimmed.startsWith('--')) {
      const newline = trimmed.indexOf('\n');
      rest = newline === -1 ? '' : trimmed.slice(newline + 1);
    } else if (trimmed.startsWith('/*')) {
      const close = trimmed.indexOf('*/');
      rest = close === -1 ? '' : trimmed.slice(close + 2);
    } else {
      return trimmed;
    }
  }
}

const IDENTIFIER = String.raw`("(?:[^"]|"")+"|[^\s;"]+)`;
const ROLLBACK_TO = new RegExp(String.raw`^ROLLBACK\s+(?:WORK\s+|TRANSACTION\s+)?TO\s+(?:SAVEPOINT\s+)?${IDENTIFIER}`, 'i');
const RELEASE = new RegExp(String.raw`^RELEASE\s+(?:SAVEPOINT\s+)?${IDENTIFIER}`, 'i');
const SAVEPOINT = new RegExp(String.raw`^SAVEPOINT\s+${IDENTIFIER}`, 'i');

/** PostgreSQL folds unquoted names to lower case. */
const normalName = (name: string | undefined) =>
  name === undefined ? undefined : name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase();

interface Savepoint {
  name: string | undefined;
  /** How many pending statements came before it. */
  depth: number;
}

export class CommitLedger {
  #pending: StatementResult[] = [];
  #savepoints: Savepoint[] = [];

  /**
   * A statement the server completed. `text`: what was sent for it, when known (savepoint names
   * live there); `idle`: the session was outside any transaction block right after it.
   */
  completed(statement: StatementResult, text: string | undefined, idle: boolean): void {
    const tag = statement.command ?? '';
    const code = leadingCode(text ?? '');
    if (tag === 'SAVEPOINT') {
      this.#savepoints.push({ name: normalName(SAVEPOINT.exec(code)?.[1]), depth: this.#pending.length });
    } else if (tag === 'RELEASE') {
      const index = this.#find(normalName(RELEASE.exec(code)?.[1]));
      if (index !== -1) this.#savepoints.length = index;
    } else if (tag === 'ROLLBACK' && ROLLBACK_TO.test(code)) {
      this.#rollBackTo(normalName(ROLLBACK_TO.exec(code)?.[1]));
    } else if (tag === 'ROLLBACK') {
      this.rollBack();
    } else if (tag === 'COMMIT') {
      this.commitAll();
    } else if (TRANSACTION_CONTROL.test(tag)) {
      // BEGIN and the like change nothing by themselves.
    } else if (idle) {
      this.commitAll();
    } else {
      this.#pending.push(statement);
    }
  }

  #find(name: string | undefined): number {
    if (name === undefined) return this.#savepoints.length - 1;
    for (let index = this.#savepoints.length - 1; index >= 0; index -= 1) if (this.#savepoints[index]?.name === name) return index;
    return -1;
  }

  #rollBackTo(name: string | undefined): void {
    const index = this.#find(name);
    const savepoint = this.#savepoints[index];
    if (!savepoint) return;
    for (const statement of this.#pending.slice(savepoint.depth)) statement.status = 'rolled-back';
    this.#pending.length = savepoint.depth;
    // The savepoint itself survives ROLLBACK TO; later ones do not.
    this.#savepoints.length = index + 1;
  }

  commitAll(): void {
    this.#pending = [];
    this.#savepoints = [];
  }

  rollBack(): void {
    for (const statement of this.#pending) statement.status = 'rolled-back';
    this.#pending = [];
    this.#savepoints = [];
  }
}
