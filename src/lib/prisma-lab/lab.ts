/**
 * A Prisma lab: runs the commands a reader types against a project (schema + migrations folder)
 * with the real schema engine deciding what happens, and prints what the Prisma 7 CLI prints.
 * Plain TypeScript over the engine and a LabDatabase: the browser worker and Node tests run it alike.
 */
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { parseCommandLine, UsageError, type LabCommand } from './cli-args.ts';
import * as say from './cli-output.ts';
import { labAdapterFactory, type ScriptFailure } from './driver-adapter.ts';
import { DEFAULT_PRISMA_TARGET, ONE_BATCH_TARGET, type PrismaTarget } from '../execution/prisma-target.ts';
import type { LabDatabase } from './lab-database.ts';
import { snapshot, type LabSnapshot } from './inspect.ts';
import { findFile, migrationList, projectProblems, SCHEMA_PATH, type LabFile, type MigrationFolder } from './project.ts';
import { EnginePanic, engineGlue, FILTERS, guarded } from './schema-engine.ts';
import { writeNativeLogs } from './native-logs.ts';
import { traceMigration, type MigrationTrace } from './lab-locks.ts';
import { MAX_TRACED_MIGRATIONS } from '../sql-runtime/limits.ts';
import { dropEverySchema, NEW_PUBLIC_SCHEMA } from '../sql-runtime/empty-database.ts';
import { instantiateSchemaWasm, type SchemaWasm } from './schema-wasm.ts';
import type { CommandContext } from './commands/context.ts';
import { runCommand } from './commands/index.ts';

import type { LabCommandResult, LabHost, LabMarker, LabPrompt } from './lab-types.ts';

export type { LabFile, LabSnapshot, PrismaTarget };
export type { LabCommandResult, LabHost, LabMarker, LabPrompt };

/** Rust's exit code for a panic. */
const PANIC_EXIT = 101;

/** Back to a new database's state: every schema the replay created goes, `public` comes back empty. */
const EMPTY_DATABASE = `DO $empty$
DECLARE item record;
BEGIN
  ${dropEverySchema()}
END $empty$;
${NEW_PUBLIC_SCHEMA}`;

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
  #mode: PrismaTarget = DEFAULT_PRISMA_TARGET;
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

  async run(commandLine: string, files: readonly LabFile[], mode: PrismaTarget, prompt?: LabPrompt): Promise<LabCommandResult> {
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
      this.#print(...say.enginePanicked(error.message));
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
    const engine = await guarded(() =>
      SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, (line: string) => this.#onLog(line), factory),
    );
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
    const trace =
      this.#traces.length < MAX_TRACED_MIGRATIONS
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
      this.#print(say.applyingMigration(applying[1]!));
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
    this.#schemaWasm ??= this.#host.compileSchemaWasm().then((module) =>
      instantiateSchemaWasm(module, (message) => {
        // A panic traps the instance: the next command loads a fresh one.
        this.#schemaWasm = undefined;
        this.#print(say.schemaWasmPanicked(message));
      }),
    );
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
      glue: () => engineGlue(() => this.#host.compileEngine()),
      schemaWasm: () => this.#loadSchemaWasm(),
      prelude: async (withDatasource) => this.#validate(await this.#engineFor(schema), schema, markers, withDatasource),
      ask: (question) => this.#ask(question),
      apply: async (folders) => this.#apply(await this.#engineFor(schema), folders),
      forgetFailure: () => (this.#failure = undefined),
      oneBatch: async (call) => {
        const mode = this.#mode;
        this.#mode = ONE_BATCH_TARGET;
        try {
          return await call();
        } finally {
          this.#mode = mode;
        }
      },
    };
  }

  #execute(command: LabCommand, files: LabFile[], markers: LabMarker[]): Promise<LabFile[] | undefined> {
    const schema = findFile(files, SCHEMA_PATH)!.content;
    return runCommand(this.#context(files, schema, markers), command);
  }

  // The CLI validates the schema before every command; the engine's parser gives the same errors.
  async #validate(engine: SchemaEngine, schema: string, markers: LabMarker[], withDatasource: boolean) {
    try {
      await guarded(() =>
        engine.diff({
          from: { tag: 'empty' },
          to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] },
          script: false,
          exitCode: null,
          filters: FILTERS,
        }),
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'P1012') throw error;
      const message = (error as Error).message;
      this.#print(...say.prelude(false), say.schemaValidation(message));
      markers.push(...say.validationMarkers(message, SCHEMA_PATH));
      throw new Exit(1);
    }
    this.#print(...say.prelude(withDatasource));
  }

  /** applyMigrations, with a failed script reported as the native CLI reports it (P3018). */
  async #apply(engine: SchemaEngine, folders: MigrationFolder[]): Promise<string[]> {
    try {
      const { appliedMigrationNames } = await guarded(() =>
        engine.applyMigrations({ migrationsList: migrationList(folders), filters: FILTERS }),
      );
      return appliedMigrationNames;
    } catch (error) {
      if (this.#failure && this.#applying && typeof (error as { code?: unknown }).code !== 'string') {
        const p3018 = say.p3018(this.#applying, this.#failure);
        this.#print('', p3018);
        await writeNativeLogs(this.#host.database, this.#applying, p3018.replace(/^Error: P3018\n\n/, ''));
        const line = say.failureLine(this.#failure);
        if (line !== undefined)
          this.#markers.push({
            path: `prisma/migrations/${this.#applying}/migration.sql`,
            line,
            message: `${this.#failure.error.code}: ${this.#failure.error.message}`,
          });
        throw new Exit(1);
      }
      throw error;
    }
  }
}
