/**
 * What a lab command gets from the lab: the project, the database, the engines (loaded on first
 * use), output, and the reader to ask. One file per command sits beside this one; the lab's
 * registry maps a parsed command to its file.
 */
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type { LabDatabase } from '../lab-database.ts';
import type { LabFile } from '../project.ts';
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
}
