/**
 * What a lab takes and gives: its host (database, shadow, engines), the reader's prompt, and a
 * command's result. Apart from lab.ts so the worker's protocol can name them without the lab itself.
 */
import type { LabDatabase } from './lab-database.ts';
import type { LabSnapshot } from './inspect.ts';
import type { MigrationTrace } from './lab-locks.ts';
import type { LabFile } from './project.ts';

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
