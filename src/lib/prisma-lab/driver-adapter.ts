/**
 * The driver adapter the schema engine talks to: migration-aware (a shadow database on demand) and
 * faithful about scripts. A migration script is sent as the lab's Prisma version sends it
 * (execution/run-migration.ts: statement by statement where sqlparser 0.62 splits it, or one batch),
 * awaited, and its failure reported; the community PGlite adapter does not await it and so records a
 * failed migration as applied.
 */
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import { runMigration, type MigrationRun } from '../execution/run-migration.ts';
import { UnsupportedInputError } from '../sql-runtime/wire.ts';
import type { PrismaTarget } from '../execution/prisma-target.ts';
import type { DbError } from '../sql-runtime/results.ts';
import { isServerError, type LabDatabase, type ServerError } from './lab-database.ts';
import { columnType, readValue } from './pg-values.ts';

/** How a migration file reaches the database: as the chosen Prisma version sends it (prisma-target.ts). */

export interface ScriptFailure {
  error: ServerError;
  script: string;
  /** Offset of the failing statement in `script` (statement mode), for line numbers. */
  statementStart: number;
  /** How the script was sent and what of it stayed committed. */
  run: MigrationRun;
}

export interface AdapterOptions {
  /** Its `public` schema is the lab's: the engine migrates and introspects only that one. */
  database: LabDatabase;
  openShadow: () => Promise<LabDatabase>;
  mode: () => PrismaTarget;
  /** Every failed script, so the CLI layer can render P3018 from the database's own error. */
  onScriptFailure: (failure: ScriptFailure) => void;
  /** Awaited before a migration script runs on the lab's database (not the shadow): the lock trace's hook. */
  beforeScript?: (script: string) => Promise<void>;
}

function toDriverError(error: unknown): unknown {
  if (!isServerError(error)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code,
    severity: error.severity,
    message: error.message,
    detail: error.detail,
    column: undefined,
    hint: error.hint,
  });
}

const refusedRun = (target: PrismaTarget): MigrationRun => ({
  target,
  ok: false,
  mode: 'batch',
  committed: 0,
  statements: [],
  notices: [],
  inTransaction: false,
});

/** The database's error as PGlite reports it (ServerError), for the CLI layer's P3018. */
function serverError(error: DbError, statementStart: number, script: string): Error & ServerError {
  const position = error.position === undefined ? undefined : error.position - [...script.slice(0, statementStart)].length;
  return Object.assign(new Error(error.message), {
    severity: error.severity,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.where ? { where: error.where } : {}),
    ...(position !== undefined ? { position: String(position) } : {}),
  });
}

function bindArg(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(bindArg);
  return value;
}

class Queryable {
  readonly provider = 'postgres' as const;
  readonly adapterName = 'migration-field-guide-pglite';
  protected readonly database: LabDatabase;
  constructor(database: LabDatabase) {
    this.database = database;
  }

  protected async raw(query: SqlQuery) {
    try {
      return await this.database.query(query.sql, query.args.map(bindArg));
    } catch (error) {
      throw toDriverError(error);
    }
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    const { fields, rows } = await this.raw(query);
    return {
      columnNames: fields.map((field) => field.name),
      columnTypes: fields.map((field) => columnType(field.dataTypeID)),
      rows: rows.map((row) => row.map((value, i) => readValue(fields[i]!.dataTypeID, value))),
    };
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    // `db execute` hands its whole file over as one parameterless command: send it as a simple
    // query (the extended protocol refuses several statements), as the native engine does.
    if (query.args.length === 0) {
      try {
        await this.database.exec(query.sql);
        return 0;
      } catch (error) {
        throw toDriverError(error);
      }
    }
    return (await this.raw(query)).affectedRows;
  }
}

class LabTransaction extends Queryable implements Transaction {
  readonly options = { usePhantomQuery: false };
  async commit() {
    await this.database.exec('COMMIT');
  }
  async rollback() {
    await this.database.exec('ROLLBACK');
  }
}

class LabAdapter extends Queryable implements SqlDriverAdapter {
  private readonly options: AdapterOptions & { dispose?: () => Promise<void> };
  constructor(database: LabDatabase, options: AdapterOptions & { dispose?: () => Promise<void> }) {
    super(database);
    this.options = options;
  }

  async executeScript(script: string): Promise<void> {
    let run: MigrationRun;
    await this.options.beforeScript?.(script);
    try {
      run = await runMigration(this.database, script, this.options.mode());
    } catch (error) {
      if (!(error instanceof UnsupportedInputError)) throw error;
      // Nothing was sent. Reported as a failed script so the reader sees P3018 and the reason; the
      // code is PostgreSQL's feature_not_supported and the message says this page refused it.
      const refused = Object.assign(new Error(`${error.message} (refused by this page; nothing was sent)`), {
        severity: 'ERROR',
        code: '0A000',
      });
      this.options.onScriptFailure({ error: refused, script, statementStart: 0, run: refusedRun(this.options.mode()) });
      throw toDriverError(refused);
    }
    if (run.ok || !run.error) return;
    const failed = run.statements.find((statement) => statement.status === 'error');
    // In statement mode the position counts from the failing statement, as the server saw it.
    const statementStart = run.mode === 'statements' ? (failed?.start ?? 0) : 0;
    const error = Object.assign(serverError(run.error, statementStart, script), run.errorSource);
    this.options.onScriptFailure({ error, script, statementStart, run });
    throw toDriverError(error);
  }

  async startTransaction(): Promise<Transaction> {
    await this.database.exec('BEGIN');
    return new LabTransaction(this.database);
  }

  getConnectionInfo() {
    return { schemaName: 'public', supportsRelationJoins: true };
  }

  async dispose() {
    await this.options.dispose?.();
  }
}

export function labAdapterFactory(options: AdapterOptions) {
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: 'migration-field-guide-pglite',
    async connect() {
      return new LabAdapter(options.database, options);
    },
    async connectToShadowDb() {
      const shadow = await options.openShadow();
      return new LabAdapter(shadow, { ...options, beforeScript: undefined, dispose: () => shadow.close() });
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}
