/**
 * The little a Prisma lab needs from a database, so the lab runs over PGlite in the browser worker
 * and in Node tests alike: queries with raw text values, and scripts sent as one simple query.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { ProtocolDatabase } from '../sql-runtime/wire.ts';

export interface RawResult {
  fields: { name: string; dataTypeID: number }[];
  /** Every value in PostgreSQL's text output format; null stays null. */
  rows: (string | null)[][];
  affectedRows: number;
}

/** A PostgreSQL error with the fields the server sent (PGlite's DatabaseError has them all). */
export interface ServerError {
  severity: string;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
  file?: string;
  line?: string;
  routine?: string;
}

/** `execProtocol`: migration scripts go through execution/run-migration.ts, which speaks the protocol. */
export interface LabDatabase extends ProtocolDatabase {
  query(sql: string, params: unknown[]): Promise<RawResult>;
  /** One simple-protocol query: several statements run as one implicit transaction. */
  exec(script: string): Promise<void>;
  /** What a CLI process's exit does to its connection: an open transaction and its locks end. */
  endSession(): Promise<void>;
  close(): Promise<void>;
}

export function isServerError(error: unknown): error is Error & ServerError {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { severity?: unknown }).severity === 'string'
  );
}

/**
 * A LabDatabase over a PGlite instance. Parsers are switched off per query (not on the instance,
 * which the examples' session shares): the driver adapter converts text itself.
 */
export function pgliteLabDatabase(db: PGlite, options: { onClose?: () => Promise<void> } = {}): LabDatabase {
  const identity = (value: string) => value;
  const rawParsers = () => Object.fromEntries(Object.keys(db.parsers).map((oid) => [oid, identity]));
  return {
    async query(sql, params) {
      const result = await db.query<(string | null)[]>(sql, params, { rowMode: 'array', parsers: rawParsers() });
      return {
        fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
        rows: result.rows,
        affectedRows: result.affectedRows ?? 0,
      };
    },
    async exec(script) {
      await db.exec(script);
    },
    execProtocol: (message, options) => db.execProtocol(message, options),
    async endSession() {
      if (db.isInTransaction()) await db.exec('ROLLBACK');
      await db.exec('SELECT pg_advisory_unlock_all()');
    },
    async close() {
      await options.onClose?.();
    },
  };
}
