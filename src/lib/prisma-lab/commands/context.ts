/**
 * What a lab command gets from the lab: the project, the database, the engines (loaded on first
 * use), output, and the reader to ask. One file per command sits beside this one; the lab's
 * registry maps a parsed command to its file.
 */
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type { LabCommand } from '../cli-args.ts';
import type { LabDatabase } from '../lab-database.ts';
import type { LabFile, MigrationFolder } from '../project.ts';
import type { EngineGlue } from '../schema-engine.ts';
import type { SchemaWasm } from '../schema-wasm.ts';

export interface CommandContext {
  files: LabFile[];
  /** The text of prisma/schema.prisma. */
  schema: string;
  database: LabDatabase;
  print(...lines: string[]): void;
  /** Marks the schema's lines named in a validation message (`-->  prisma/schema.prisma:7`) in the editor. */
  markSchema(message: string): void;
  /** Ends the command with this exit code; what was printed stays. */
  exit(code: number): never;
  engine(): Promise<SchemaEngine>;
  /** The engine's module, without an instance (for its version). */
  glue(): Promise<EngineGlue>;
  /** Prisma's schema WASM (validate, format), loaded only for the commands that need it. */
  schemaWasm(): Promise<SchemaWasm>;
  /** The engine's schema check plus the CLI's opening lines, as every engine command starts. */
  prelude(withDatasource: boolean): Promise<void>;
  /**
   * Asks the reader a yes/no question. `undefined`: nobody can answer (Node, tests, CI), and the
   * command must do what the CLI does without a terminal. When the reader has not answered yet,
   * the command pauses here and is run again with the answer.
   */
  ask(question: string): boolean | undefined;
  /**
   * The engine's applyMigrations; a failed migration script ends the command as the native CLI
   * ends it (P3018 printed, the editor marked, _prisma_migrations.logs written as native Prisma does).
   */
  apply(folders: MigrationFolder[]): Promise<string[]>;
  /** Forgets the script failure seen so far (`migrate dev` applies twice in one command). */
  forgetFailure(): void;
  /** Runs `call` with every script sent as one batch, as `db execute` sends its file. */
  oneBatch<T>(call: () => Promise<T>): Promise<T>;
}

/** What a command leaves: the project when it wrote files (migrate dev, diff --output), else undefined. */
export type CommandOutcome = Promise<LabFile[] | undefined>;

/** One command of the lab: gets the context and its parsed command line. */
export type LabCommandRunner<K extends LabCommand['kind']> = (
  ctx: CommandContext,
  command: Extract<LabCommand, { kind: K }>,
) => CommandOutcome;
