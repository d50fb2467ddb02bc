/**
 * A Prisma lab: runs the commands a reader types against a project (schema + migrations folder)
 * with the real schema engine deciding what happens, and prints what the Prisma 7 CLI prints.
 * Plain TypeScript over the engine and a LabDatabase: the browser worker and Node tests run it alike.
 */
import type { DiffTarget, SchemaEngine } from '@prisma/schema-engine-wasm';
import { parseCommandLine, UsageError, normalizePath, type DiffSource, type LabCommand } from './cli-args.ts';
import * as say from './cli-output.ts';
import { labAdapterFactory, type EngineMode, type ScriptFailure } from './driver-adapter.ts';
import { DEFAULT_PRISMA_TARGET, ONE_BATCH_TARGET } from '../execution/prisma-target.ts';
import type { LabDatabase } from './lab-database.ts';
import { snapshot, type LabSnapshot } from './inspect.ts';
import { findFile, LOCKFILE_PATH, migrationFolders, migrationList, projectProblems, SCHEMA_PATH, type LabFile, type MigrationFolder } from './project.ts';
import { EnginePanic, engineGlue, guarded } from './schema-engine.ts';
import { writeNativeLogs } from './native-logs.ts';
import { traceMigration, type MigrationTrace } from './lab-locks.ts';
import { MAX_TRACED_MIGRATIONS } from '../sql-runtime/limits.ts';
import { instantiateSchemaWasm, type SchemaWasm } from './schema-wasm.ts';
import type { CommandContext } from './commands/context.ts';
import { version } from './commands/version.ts';
import { format, validate } from './commands/validate.ts';
import { generate } from './commands/generate.ts';
import { dbPush } from './commands/db-push.ts';
import { dbPull } from './commands/db-pull.ts';

export type { EngineMode, LabFile, LabSnapshot };

export interface LabHost {
  /** The lab's database; its `public` schema is the lab's. */
  database: LabDatabase;
  /** A second, empty database for the engine's shadow work; closed after use. */
  openShadow(): Promise<LabDatabase>;
  compileEngine(): Promise<WebAssembly.Module>;
  /** Prisma's schema WASM, compiled only when `validate` or `format` needs it. */
  compileSchemaWasm(): Promise<WebAssembly.Module>;
  /**
   * A copy of the lab's database as it is now, for the lock trace of a migration (lab-locks.ts);
   * closed after use. Without it, migrations are not traced.
   */
  copyDatabase?(): Promise<LabDatabase>;
}

/**
 * How a command may ask the reader. Without it (Node, tests, CI) nobody can answer, and commands
 * do what the CLI does without a terminal. `{}`: a reader is there; the command stops at its
 * question (the result carries it). `{ answer }`: the same command again, answered: it runs to the
 * end, and its output starts at the answered question (the reader saw what came before).
 */
export interface LabPrompt {
  answer?: boolean;
}

export interface LabMarker {
  path: string;
  line: number;
  message: string;
}

export interface LabCommandResult {
  command: string;
  exitCode: number;
  output: string;
  /** The project after the command, when the command wrote files (migrate dev, diff --output). */
  files?: LabFile[];
  snapshot: LabSnapshot;
  markers: LabMarker[];
  elapsedMs: number;
  /** The engine panicked: its instance is dead, so the host must restart (the worker). */
  enginePanicked?: boolean;
  /** The command waits for the reader's y/N to this question (run it again with the answer). */
  question?: string;
  /** What each migration the command applied locked and rewrote, in the order applied. */
  traces?: MigrationTrace[];
}

/** Rust's exit code for a panic. */
const PANIC_EXIT = 101;
const FILTERS = { externalTables: [], externalEnums: [] };

/** Back to a new database's state: every schema the replay created goes, `public` comes back empty. */
const EMPTY_DATABASE = `DO $empty$
DECLARE item record;
BEGIN
  FOR item IN SELECT nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%'
  LOOP EXECUTE format('DROP SCHEMA %I CASCADE', item.nspname); END LOOP;
END $empty$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;`;

/** The command stopped at a question the reader has not answered yet. */
class Asking extends Error {
  readonly question: string;
  constructor(question: string) {
    super(question);
    this.question = question;
  }
}

/** Exit code while a command waits for an answer: it has not ended. */
export const WAITING = -1;

/** Ends a command early with its output so far and an exit code. */
class Exit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}

export class PrismaLab {
  readonly #host: LabHost;
  #engine: { schema: string; engine: SchemaEngine } | undefined;
  // Per command: how scripts are sent, what the engine is applying, and what failed.
  #mode: EngineMode = DEFAULT_PRISMA_TARGET;
  #applying: string | undefined;
  #failure: ScriptFailure | undefined;
  #traces: MigrationTrace[] = [];
  #out: string[] = [];
  #markers: LabMarker[] = [];
  #shadow: LabDatabase | undefined;
  #prompt: LabPrompt | undefined;
  #schemaWasm: Promise<SchemaWasm> | undefined;

  constructor(host: LabHost) {
    this.#host = host;
  }

  async run(commandLine: string, files: readonly LabFile[], mode: EngineMode, prompt?: LabPrompt): Promise<LabCommandResult> {
    const started = performance.now();
    this.#out = [];
    this.#mode = mode;
    this.#prompt = prompt;
    let question: string | undefined;
    this.#applying = undefined;
    this.#failure = undefined;
    this.#traces = [];
    const markers: LabMarker[] = [];
    this.#markers = markers;
    let exitCode = 0;
    let written: LabFile[] | undefined;
    try {
      const command = parseCommandLine(commandLine);
      const problems = projectProblems(files);
      if (problems.length) {
        this.#print(problems.join('\n'));
        throw new Exit(1);
      }
      written = await this.#execute(command, [...files], markers);
    } catch (error) {
      if (error instanceof Asking) {
        question = error.question;
        exitCode = WAITING;
      } else {
        exitCode = this.#report(error);
      }
    }
    await this.#host.database.endSession();
    await this.#closeShadow();
    return {
      command: commandLine.trim(),
      exitCode,
      output: this.#out.join('\n'),
      files: written,
      snapshot: await snapshot(this.#host.database),
      markers,
      elapsedMs: performance.now() - started,
      ...(exitCode === PANIC_EXIT ? { enginePanicked: true } : {}),
      ...(question !== undefined ? { question } : {}),
      ...(this.#traces.length ? { traces: this.#traces } : {}),
    };
  }

  /**
   * One `migrate dev` asks for a shadow database up to four times. Opening one costs seconds, so
   * a command opens it once, empties it between uses, and closes it when the command ends.
   */
  async #shadowDatabase(): Promise<LabDatabase> {
    if (this.#shadow) {
      await this.#shadow.endSession();
      await this.#shadow.exec(EMPTY_DATABASE);
    } else {
      this.#shadow = await this.#host.openShadow();
    }
    const shadow = this.#shadow;
    return { ...shadow, close: async () => undefined };
  }

  async #closeShadow() {
    const shadow = this.#shadow;
    this.#shadow = undefined;
    await shadow?.close();
  }

  #print(...lines: string[]) {
    this.#out.push(...lines);
  }

  #report(error: unknown): number {
    if (error instanceof Exit) return error.code;
    if (error instanceof UsageError) {
      this.#print(error.message);
      return error.exitCode;
    }
    if (error instanceof EnginePanic) {
      this.#engine = undefined;
      this.#print(`Error: the schema engine panicked: ${error.message}`, '', 'Its WebAssembly instance cannot run again: the database worker restarts, and the lab with it.');
      return PANIC_EXIT;
    }
    this.#print(say.engineError(error));
    return 1;
  }

  async #engineFor(schema: string): Promise<SchemaEngine> {
    if (this.#engine?.schema === schema) return this.#engine.engine;
    const { SchemaEngine } = await engineGlue(() => this.#host.compileEngine());
    const factory = labAdapterFactory({
      database: this.#host.database,
      openShadow: () => this.#shadowDatabase(),
      mode: () => this.#mode,
      onScriptFailure: (failure) => (this.#failure = failure),
      beforeScript: (script) => this.#trace(script),
    });
    const engine = await guarded(() => SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, (line: string) => this.#onLog(line), factory));
    this.#engine?.engine.free();
    this.#engine = { schema, engine };
    return engine;
  }

  /**
   * Only a migration file the engine announced is traced: a `db push`'s steps and the engine's own
   * bookkeeping are not migrations (and `db execute` does not come through here).
   */
  async #trace(script: string) {
    const migration = this.#applying;
    const copy = this.#host.copyDatabase?.bind(this.#host);
    if (!copy || migration === undefined) return;
    // Each trace copies the database first: a long replay (reset, a big history) would wait on copies.
    const trace = this.#traces.length < MAX_TRACED_MIGRATIONS
      ? await traceMigration(copy, script, this.#mode)
      : { unavailable: `only the first ${MAX_TRACED_MIGRATIONS} migrations a command applies are traced` };
    this.#traces.push({ migration, trace });
  }

  // The engine announces each migration it applies; the CLI prints that line as it happens.
  #onLog(line: string) {
    let event: { fields?: { message?: unknown } };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      return;
    }
    const message = event.fields?.message;
    const applying = typeof message === 'string' ? /^Applying `(.+)`$/.exec(message) : null;
    if (applying) {
      this.#applying = applying[1];
      this.#print(`Applying migration \`${applying[1]}\``);
    }
  }

  #ask(question: string): boolean | undefined {
    const prompt = this.#prompt;
    if (!prompt) return undefined;
    if (prompt.answer === undefined) {
      this.#print(say.asking(question));
      throw new Asking(question);
    }
    // The reader saw everything up to the question when the command first stopped there.
    this.#out = [say.answered(question, prompt.answer)];
    return prompt.answer;
  }

  #loadSchemaWasm(): Promise<SchemaWasm> {
    this.#schemaWasm ??= this.#host.compileSchemaWasm().then((module) => instantiateSchemaWasm(module, (message) => {
      // A panic traps the instance: the next command loads a fresh one.
      this.#schemaWasm = undefined;
      this.#print(`Error: Prisma's schema WASM panicked: ${message}`);
    }));
    this.#schemaWasm.catch(() => (this.#schemaWasm = undefined));
    return this.#schemaWasm;
  }

  #context(files: LabFile[], schema: string, markers: LabMarker[]): CommandContext {
    return {
      files,
      schema,
      database: this.#host.database,
      print: (...lines) => this.#print(...lines),
      markSchema: (message) => markers.push(...say.validationMarkers(message, SCHEMA_PATH)),
      exit: (code) => {
        throw new Exit(code);
      },
      engine: () => this.#engineFor(schema),
      schemaWasm: () => this.#loadSchemaWasm(),
      prelude: async (withDatasource) => this.#validate(await this.#engineFor(schema), schema, markers, withDatasource),
      ask: (question) => this.#ask(question),
    };
  }

  async #execute(command: LabCommand, files: LabFile[], markers: LabMarker[]): Promise<LabFile[] | undefined> {
    const schema = findFile(files, SCHEMA_PATH)!.content;
    const context = () => this.#context(files, schema, markers);
    switch (command.kind) {
      case 'db execute':
        return this.#dbExecute(command.file, files, schema);
      case 'version':
        return version(context(), await engineGlue(() => this.#host.compileEngine()));
      case 'validate':
        return validate(context());
      case 'format':
        return format(context(), command.check);
      case 'generate':
        return generate(context());
      case 'db push':
        return dbPush(context(), command.acceptDataLoss, command.forceReset);
      case 'db pull':
        return dbPull(context(), command.force, command.print);
    }
    const engine = await this.#engineFor(schema);
    await this.#validate(engine, schema, markers, command.kind !== 'migrate diff');
    const folders = migrationFolders(files);
    switch (command.kind) {
      case 'migrate deploy':
        return this.#deploy(engine, folders);
      case 'migrate status':
        return this.#status(engine, folders);
      case 'migrate resolve':
        return this.#resolve(engine, folders, command);
      case 'migrate reset':
        return this.#reset(engine, folders, command.force);
      case 'migrate dev':
        return this.#dev(engine, folders, files, schema, command);
      case 'migrate diff':
        return this.#diff(engine, files, schema, command);
    }
  }

  // The CLI validates the schema before every command; the engine's parser gives the same errors.
  async #validate(engine: SchemaEngine, schema: string, markers: LabMarker[], withDatasource: boolean) {
    try {
      await guarded(() => engine.diff({ from: { tag: 'empty' }, to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] }, script: false, exitCode: null, filters: FILTERS }));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'P1012') throw error;
      const message = (error as Error).message;
      this.#print(...say.prelude(false), say.schemaValidation(message));
      markers.push(...say.validationMarkers(message, SCHEMA_PATH));
      throw new Exit(1);
    }
    this.#print(...say.prelude(withDatasource));
  }

  #checkFolders(folders: MigrationFolder[]) {
    const missing = folders.find((folder) => folder.sql === null);
    if (missing) {
      this.#print(`Error: P3015\n\nCould not find the migration file at prisma/migrations/${missing.name}/migration.sql. Please delete the directory or restore the migration file.`);
      throw new Exit(1);
    }
  }

  /** applyMigrations, with a failed script reported as the native CLI reports it (P3018). */
  async #apply(engine: SchemaEngine, folders: MigrationFolder[]): Promise<string[]> {
    try {
      const { appliedMigrationNames } = await guarded(() => engine.applyMigrations({ migrationsList: migrationList(folders), filters: FILTERS }));
      return appliedMigrationNames;
    } catch (error) {
      if (this.#failure && this.#applying && typeof (error as { code?: unknown }).code !== 'string') {
        const p3018 = say.p3018(this.#applying, this.#failure);
        this.#print('', p3018);
        await writeNativeLogs(this.#host.database, this.#applying, p3018.replace(/^Error: P3018\n\n/, ''));
        const line = say.failureLine(this.#failure);
        if (line !== undefined) this.#markers.push({ path: `prisma/migrations/${this.#applying}/migration.sql`, line, message: `${this.#failure.error.code}: ${this.#failure.error.message}` });
        throw new Exit(1);
      }
      throw error;
    }
  }

  async #deploy(engine: SchemaEngine, folders: MigrationFolder[]) {
    this.#checkFolders(folders);
    this.#print('', say.migrationsFound(folders.length), '');
    const applied = await this.#apply(engine, folders);
    if (applied.length === 0) this.#print('No pending migrations to apply.');
    else this.#print('', 'The following migration(s) have been applied:', '', say.migrationTree(applied), '', 'All migrations have been successfully applied.');
    return undefined;
  }

  async #status(engine: SchemaEngine, folders: MigrationFolder[]) {
    this.#checkFolders(folders);
    this.#print(say.migrationsFound(folders.length));
    const diagnosis = await guarded(() => engine.diagnoseMigrationHistory({ migrationsList: migrationList(folders), optInToShadowDatabase: false, filters: FILTERS }));
    const history = diagnosis.history;
    if (history?.diagnostic === 'databaseIsBehind') {
      this.#print(say.statusPending(history.unappliedMigrationNames));
      throw new Exit(1);
    }
    if (history?.diagnostic === 'historiesDiverge') {
      this.#print(say.statusDiverged(history.lastCommonMigrationName, history.unappliedMigrationNames, history.unpersistedMigrationNames));
      throw new Exit(1);
    }
    if (history?.diagnostic === 'migrationsDirectoryIsBehind') {
      this.#print(say.statusDiverged(folders.at(-1)?.name ?? null, [], history.unpersistedMigrationNames));
      throw new Exit(1);
    }
    if (!diagnosis.hasMigrationsTable && folders.length === 0) {
      this.#print(say.STATUS_NOT_MANAGED);
      throw new Exit(1);
    }
    if (diagnosis.failedMigrationNames.length) {
      this.#print(say.statusFailed(diagnosis.failedMigrationNames));
      throw new Exit(1);
    }
    this.#print('Database schema is up to date!');
    return undefined;
  }

  async #resolve(engine: SchemaEngine, folders: MigrationFolder[], command: Extract<LabCommand, { kind: 'migrate resolve' }>) {
    this.#print('');
    if (command.rolledBack) {
      const migrationName = command.rolledBack;
      await guarded(() => engine.markMigrationRolledBack({ migrationName }));
      this.#print(`Migration ${migrationName} marked as rolled back.`);
    } else {
      const migrationName = command.applied!;
      await guarded(() => engine.markMigrationApplied({ migrationName, migrationsList: migrationList(folders) }));
      this.#print(`Migration ${migrationName} marked as applied.`);
    }
    return undefined;
  }

  async #reset(engine: SchemaEngine, folders: MigrationFolder[], force: boolean) {
    // The lab answers reset's prompt as CI does (its walkthrough teaches that refusal): it never
    // asks here, so a mistyped reset cannot wipe a reader's lab with one keystroke either.
    if (!force) {
      this.#print('', `Error: ${say.RESET_NON_INTERACTIVE}`);
      throw new Exit(1);
    }
    this.#checkFolders(folders);
    await guarded(() => engine.reset({ filter: FILTERS }));
    this.#print('');
    const applied = await this.#apply(engine, folders);
    this.#print('', 'Database reset successful');
    if (applied.length) this.#print('', 'The following migration(s) have been applied:', '', say.migrationTree(applied));
    return undefined;
  }

  async #dev(engine: SchemaEngine, folders: MigrationFolder[], files: LabFile[], schema: string, command: Extract<LabCommand, { kind: 'migrate dev' }>) {
    this.#checkFolders(folders);
    this.#print('');
    const diagnostic = await guarded(() => engine.devDiagnostic({ migrationsList: migrationList(folders), filters: FILTERS }));
    if (diagnostic.action.tag === 'reset') {
      this.#print(say.devNeedsReset(diagnostic.action.reason));
      throw new Exit(130);
    }
    const applied = await this.#apply(engine, folders);
    if (applied.length) this.#print('', 'The following migration(s) have been applied:', '', say.migrationTree(applied), '');
    const schemaFiles = { files: [{ path: SCHEMA_PATH, content: schema }] };
    // This engine build only finds its shadow database for evaluateDataLoss and createMigration
    // after a shadow-enabled history check on an up-to-date database (measured; without it both
    // fail with "shadow DB must be provided"). The CLI of Prisma 4-5 made the same call here.
    await guarded(() => engine.diagnoseMigrationHistory({ migrationsList: migrationList(folders), optInToShadowDatabase: true, filters: FILTERS }));
    const loss = await guarded(() => engine.evaluateDataLoss({ migrationsList: migrationList(folders), schema: schemaFiles, filters: FILTERS }));
    if (loss.unexecutableSteps.length) {
      this.#print(say.unexecutableSteps(loss.unexecutableSteps));
      throw new Exit(1);
    }
    if (loss.warnings.length) {
      this.#print(...say.dataLossWarnings(loss.warnings.map((step) => step.message)));
      const answer = this.#ask(say.devQuestion(command.createOnly));
      if (answer === undefined) {
        this.#print(say.DEV_NON_INTERACTIVE);
        throw new Exit(1);
      }
      if (!answer) {
        this.#print(say.MIGRATION_CANCELLED);
        throw new Exit(130);
      }
    }
    const created = await guarded(() => engine.createMigration({
      migrationsList: migrationList(folders), schema: schemaFiles, migrationName: command.name ?? '', draft: command.createOnly, filters: FILTERS,
    }));
    const name = created.generatedMigrationName;
    if (!name || created.migrationScript === null) {
      this.#print(applied.length ? 'Your database is now in sync with your schema.' : 'Already in sync, no schema change or pending migration was found.');
      return undefined;
    }
    const written = [...files, { path: `prisma/migrations/${name}/migration.sql`, content: created.migrationScript }];
    if (command.createOnly) {
      this.#print(`Prisma Migrate created the following migration without applying it ${name}`, '', 'You can now edit it and apply it by running prisma migrate dev.');
      return written;
    }
    this.#failure = undefined;
    const appliedNew = await this.#apply(engine, migrationFolders(written));
    this.#print('', 'The following migration(s) have been created and applied from new schema changes:', '', say.migrationTree(appliedNew), '', 'Your database is now in sync with your schema.');
    return written;
  }

  async #diff(engine: SchemaEngine, files: LabFile[], schema: string, command: Extract<LabCommand, { kind: 'migrate diff' }>) {
    const target = (source: DiffSource): DiffTarget => {
      switch (source.tag) {
        case 'empty':
          return { tag: 'empty' };
        case 'schema':
          if (normalizePath(source.path) !== SCHEMA_PATH) throw new UsageError(`Could not load schema from \`${source.path}\`: the lab's schema is ${SCHEMA_PATH}.`);
          return { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] };
        case 'migrations':
          if (normalizePath(source.path) !== 'prisma/migrations') throw new UsageError(`No migrations directory at \`${source.path}\`: the lab's is prisma/migrations.`);
          this.#checkFolders(migrationFolders(files));
          // The engine reads the connector from the folder's lock file here, and only here: without
          // one the CLI stops ("Could not determine the connector …"), and so does the lab.
          return { tag: 'migrations', ...migrationList(migrationFolders(files)), lockfile: { path: 'migration_lock.toml', content: findFile(files, LOCKFILE_PATH)?.content ?? null } };
        case 'config-datasource':
          return { tag: 'schemaDatasource', files: [{ path: SCHEMA_PATH, content: schema }], configDir: '.' };
      }
    };
    const result = await guarded(() => engine.diff({ from: target(command.from), to: target(command.to), script: command.script, exitCode: command.exitCode, filters: FILTERS }));
    const text = result.stdout ?? '';
    if (command.output) {
      const path = normalizePath(command.output);
      this.#print(`Wrote the diff to ${path}.`);
      if (command.exitCode && result.exitCode !== 0) throw new Exit(result.exitCode);
      // The CLI writes the engine's output plus a newline: the file's checksum, once applied, is the CLI's.
      return [...files.filter((file) => file.path !== path), { path, content: `${text}\n` }];
    }
    this.#print(text.trim() === '' && !command.script ? 'No difference detected.' : text.replace(/^\n/, '').trimEnd());
    if (result.exitCode !== 0) throw new Exit(result.exitCode);
    return undefined;
  }

  async #dbExecute(path: string, files: LabFile[], schema: string) {
    this.#print(...say.prelude(false));
    const file = findFile(files, path);
    if (!file) throw new UsageError(`Provided --file at ${path} doesn't exist.`);
    const engine = await this.#engineFor(schema);
    // The file goes to the database as one command, whatever the Prisma version.
    const mode = this.#mode;
    this.#mode = ONE_BATCH_TARGET;
    try {
      await guarded(() => engine.dbExecute({ datasourceType: { tag: 'schema', files: [{ path: SCHEMA_PATH, content: schema }], configDir: '.' }, script: file.content }));
    } finally {
      this.#mode = mode;
    }
    this.#print('Script executed successfully.');
    return undefined;
  }
}
