/**
 * The Prisma 7 CLI's own words. The engine decides what happens; these texts live in the CLI's
 * JavaScript (and, for P3018, in the native engine's error formatting), so the lab renders them.
 */
import type { ScriptFailure } from './driver-adapter.ts';
import type { ServerError } from './lab-database.ts';

export const DATASOURCE_AT = 'PGlite in this tab';

export function prelude(withSchema: boolean): string[] {
  const lines = ['Loaded Prisma config from prisma.config.ts.'];
  if (withSchema) {
    lines.push('Prisma schema loaded from prisma/schema.prisma.', `Datasource "db": PostgreSQL database "postgres", schema "public" at "${DATASOURCE_AT}"`);
  }
  return lines;
}

export function migrationsFound(count: number): string {
  if (count === 0) return 'No migration found in prisma/migrations';
  return `${count} migration${count === 1 ? '' : 's'} found in prisma/migrations`;
}

export function migrationTree(names: readonly string[]): string {
  return ['migrations/', ...names.flatMap((name) => [`  └─ ${name}/`, '    └─ migration.sql'])].join('\n');
}

/** `Error: P3009\n\n<message>`, as the CLI prints an engine error that has a code. */
export function engineError(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return typeof code === 'string' ? `Error: ${code}\n\n${text}` : `Error: ${text}`;
}

// tokio-postgres prints optional fields as Rust's Debug does.
const debugString = (value: string | undefined) => (value === undefined ? 'None' : `Some(${JSON.stringify(value)})`);

function dbErrorDebug(error: ServerError): string {
  const severity = error.severity.charAt(0) + error.severity.slice(1).toLowerCase();
  const fields = [
    `severity: ${JSON.stringify(error.severity)}`,
    `parsed_severity: Some(${severity})`,
    `code: SqlState(E${error.code})`,
    `message: ${JSON.stringify(error.message)}`,
    `detail: ${debugString(error.detail)}`,
    `hint: ${debugString(error.hint)}`,
    `position: ${error.position ? `Some(Original(${error.position}))` : 'None'}`,
    `where_: ${debugString(error.where)}`,
    'schema: None', 'table: None', 'column: None', 'datatype: None', 'constraint: None',
    `file: ${debugString(error.file)}`,
    `line: ${error.line ? `Some(${error.line})` : 'None'}`,
    `routine: ${debugString(error.routine)}`,
  ];
  return `DbError { ${fields.join(', ')} }`;
}

/** 1-based line of the error in the migration file, when the server reported a position. */
export function failureLine(failure: ScriptFailure): number | undefined {
  const position = Number(failure.error.position);
  if (!Number.isFinite(position) || position < 1) return undefined;
  const offset = failure.statementStart + position - 1;
  return failure.script.slice(0, offset).split('\n').length;
}

/** P3018 as the native engine formats it from the database error. */
export function p3018(migrationName: string, failure: ScriptFailure): string {
  const { error } = failure;
  let display = `${error.severity}: ${error.message}`;
  if (error.detail) display += `\nDETAIL: ${error.detail}`;
  if (error.hint) display += `\nHINT: ${error.hint}`;
  const line = failureLine(failure);
  let position = '';
  if (line !== undefined) {
    const lines = failure.script.split('\n');
    const first = Math.max(1, line - 5);
    const width = String(line).length;
    const shown = lines.slice(first - 1, line).map((text, i) => `${String(first + i).padStart(width)} ${text}`);
    position = `\n\nPosition:\n${shown.join('\n')}`;
  }
  return [
    'Error: P3018',
    '',
    'A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve',
    '',
    `Migration name: ${migrationName}`,
    '',
    `Database error code: ${error.code}`,
    '',
    'Database error:',
    `${display}${position}`,
    '',
    dbErrorDebug(error),
  ].join('\n');
}

export function statusPending(names: readonly string[]): string {
  return [
    `Following migration${names.length > 1 ? 's' : ''} have not yet been applied:`,
    ...names,
    '',
    'To apply migrations in development run prisma migrate dev.',
    'To apply migrations in production run prisma migrate deploy.',
  ].join('\n');
}

export function statusFailed(names: readonly string[]): string {
  const name = names[0]!;
  return [
    `Following migration${names.length > 1 ? 's' : ''} have failed:`,
    ...names,
    '',
    'During development if the failed migration(s) have not been deployed to a production database you can then fix the migration(s) and run prisma migrate dev.',
    '',
    'The failed migration(s) can be marked as rolled back or applied:',
    '',
    '- If you rolled back the migration(s) manually:',
    `prisma migrate resolve --rolled-back "${name}"`,
    '',
    '- If you fixed the database manually (hotfix):',
    `prisma migrate resolve --applied "${name}"`,
    '',
    'Read more about how to resolve migration issues in a production database:',
    'https://pris.ly/d/migrate-resolve',
  ].join('\n');
}

export function statusDiverged(lastCommon: string | null, unapplied: readonly string[], unpersisted: readonly string[]): string {
  return [
    'Your local migration history and the migrations table from your database are different:',
    '',
    `The last common migration is: ${lastCommon ?? '(none)'}`,
    '',
    'The migration(s) have not yet been applied:',
    ...unapplied,
    '',
    'The migration(s) from the database are not found locally in prisma/migrations:',
    ...unpersisted,
  ].join('\n');
}

export const STATUS_NOT_MANAGED = 'The current database is not managed by Prisma Migrate.\n\nRead more about how to baseline an existing production database:\nhttps://pris.ly/d/migrate-baseline';

export const RESET_NON_INTERACTIVE = 'Prisma Migrate has detected that the environment is non-interactive. It is recommended to run this command in an interactive environment.\n\nUse --force to run this command without user interaction.\nSee https://pris.ly/d/migrate-reset';

export function devNeedsReset(reason: string): string {
  return `${reason.trimEnd()}\n\nWe need to reset the "public" schema at "${DATASOURCE_AT}"\n\nYou may use prisma migrate reset to drop the development database.\nAll data will be lost.`;
}

/** P1012 as the CLI prints the schema validation errors the engine reports. */
export function schemaValidation(message: string): string {
  const count = message.split('\n').filter((line) => line.startsWith('error:')).length;
  return `Error: Prisma schema validation - (validate wasm)\nError code: P1012\n${message.trimEnd()}\n\nValidation Error Count: ${count}\n[Context: validate]`;
}

/** Line markers from the engine's `-->  prisma/schema.prisma:3` pointers. */
export function validationMarkers(message: string, path: string): { path: string; line: number; message: string }[] {
  const markers: { path: string; line: number; message: string }[] = [];
  let current: string | undefined;
  for (const line of message.split('\n')) {
    if (line.startsWith('error:')) current = line.slice('error:'.length).trim();
    const pointer = /-->\s+(\S+):(\d+)/.exec(line);
    if (pointer && current && pointer[1] === path) markers.push({ path, line: Number(pointer[2]), message: current });
  }
  return markers;
}
