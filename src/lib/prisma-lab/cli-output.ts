/**
 * The Prisma 7 CLI's own words. The engine decides what happens; these texts live in the CLI's
 * JavaScript (and, for P3018, in the native engine's error formatting), so the lab renders them.
 */
import type { ScriptFailure } from './driver-adapter.ts';
import { lineAt } from '../sql-runtime/text-lines.ts';
import type { ServerError } from './lab-database.ts';

export const DATASOURCE_AT = 'PGlite in this tab';

export function prelude(withSchema: boolean): string[] {
  const lines = ['Loaded Prisma config from prisma.config.ts.'];
  if (withSchema) {
    lines.push(
      'Prisma schema loaded from prisma/schema.prisma.',
      `Datasource "db": PostgreSQL database "postgres", schema "public" at "${DATASOURCE_AT}"`,
    );
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
    'schema: None',
    'table: None',
    'column: None',
    'datatype: None',
    'constraint: None',
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
  return lineAt(failure.script, offset);
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

export const STATUS_NOT_MANAGED =
  'The current database is not managed by Prisma Migrate.\n\nRead more about how to baseline an existing production database:\nhttps://pris.ly/d/migrate-baseline';

export const RESET_NON_INTERACTIVE =
  'Prisma Migrate has detected that the environment is non-interactive. It is recommended to run this command in an interactive environment.\n\nUse --force to run this command without user interaction.\nSee https://pris.ly/d/migrate-reset';

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

// --- help texts, as `prisma <command> --help` prints them (7.10.1, captured with the oracle) ---

export const HELP_MIGRATE_DEPLOY =
  'Apply pending migrations to update the database schema in production/staging\n\nUsage\n\n  $ prisma migrate deploy [options]\n\n  The datasource URL configuration is read from the Prisma config file (e.g., prisma7.config.ts).\n\nOptions\n\n  -h, --help   Display this help message\n    --config   Custom path to your Prisma config file\n    --schema   Custom path to your Prisma schema\n\nExamples\n\n  Deploy your pending migrations to your production/staging database\n  $ prisma migrate deploy\n\n  Specify a schema\n  $ prisma migrate deploy --schema=./schema.prisma';
export const HELP_MIGRATE_STATUS =
  'Check the status of your database migrations\n\n  Usage\n\n    $ prisma migrate status [options]\n\n    The datasource URL configuration is read from the Prisma config file (e.g., prisma7.config.ts).\n\n  Options\n\n  -h, --help   Display this help message\n    --config   Custom path to your Prisma config file\n    --schema   Custom path to your Prisma schema\n\n  Examples\n\n  Check the status of your database migrations\n  $ prisma migrate status\n\n  Specify a schema\n  $ prisma migrate status --schema=./schema.prisma';
export const HELP_MIGRATE_RESOLVE =
  'Resolve issues with database migrations in deployment databases:\n- recover from failed migrations\n- baseline databases when starting to use Prisma Migrate on existing databases\n- reconcile hotfixes done manually on databases with your migration history\n\nRun "prisma migrate status" to identify if you need to use resolve.\n\nRead more about resolving migration history issues: https://pris.ly/d/migrate-resolve\n\nUsage\n\n  $ prisma migrate resolve [options]\n\n  The datasource URL configuration is read from the Prisma config file (e.g., prisma7.config.ts).\n\nOptions\n\n    -h, --help   Display this help message\n      --config   Custom path to your Prisma config file\n      --schema   Custom path to your Prisma schema\n     --applied   Record a specific migration as applied\n --rolled-back   Record a specific migration as rolled back\n\nExamples\n\n  Update migrations table, recording a specific migration as applied\n  $ prisma migrate resolve --applied 20201231000000_add_users_table\n\n  Update migrations table, recording a specific migration as rolled back\n  $ prisma migrate resolve --rolled-back 20201231000000_add_users_table\n\n  Specify a schema\n  $ prisma migrate resolve --rolled-back 20201231000000_add_users_table --schema=./schema.prisma';
export const HELP_MIGRATE_RESET =
  'Reset your database and apply all migrations, all data will be lost\n\nUsage\n\n  $ prisma migrate reset [options]\n\n  The datasource URL configuration is read from the Prisma config file (e.g., prisma7.config.ts).\n\nOptions\n\n       -h, --help   Display this help message\n         --config   Custom path to your Prisma config file\n         --schema   Custom path to your Prisma schema\n      -f, --force   Skip the confirmation prompt\n\nExamples\n\n  Reset your database and apply all migrations, all data will be lost\n  $ prisma migrate reset\n\n  Specify a schema\n  $ prisma migrate reset --schema=./schema.prisma\n\n  Use --force to skip the confirmation prompt\n  $ prisma migrate reset --force';
export const HELP_MIGRATE_DEV =
  '🏋️  Create a migration from changes in Prisma schema, apply it to the database, trigger generators (e.g. Prisma Client)\n\nUsage\n\n  $ prisma migrate dev [options]\n\n  The datasource URL configuration is read from the Prisma config file (e.g., prisma7.config.ts).\n\nOptions\n\n       -h, --help   Display this help message\n         --config   Custom path to your Prisma config file\n         --schema   Custom path to your Prisma schema\n         --url      Override the datasource URL from the Prisma config file\n       -n, --name   Name the migration\n    --create-only   Create a new migration but do not apply it\n                    The migration will be empty if there are no changes in Prisma schema\n\nExamples\n\n  Create a migration from changes in Prisma schema, apply it to the database, trigger generators (e.g. Prisma Client)\n  $ prisma migrate dev\n\n  Specify a schema\n  $ prisma migrate dev --schema=./schema.prisma\n\n  Create a migration without applying it\n  $ prisma migrate dev --create-only';
export const HELP_MIGRATE_DIFF =
  '🔍 Compares the database schema from two arbitrary sources, and outputs the differences either as a human-readable summary (by default) or an executable script.\n\nprisma migrate diff is a read-only command that does not write to your datasource(s).\nprisma db execute can be used to execute its --script output.\n\nThe command takes a source --from-... and a destination --to-....\nThe source and destination must use the same provider,\ne.g. a diff using 2 different providers like PostgreSQL and SQLite is not supported.\n\nIt compares the source with the destination to generate a diff.\nThe diff can be interpreted as generating a migration that brings the source schema (from) to the shape of the destination schema (to).\nThe default output is a human readable diff, it can be rendered as SQL using `--script` on SQL databases.\n\nSee the documentation for more information https://pris.ly/d/migrate-diff\n\nUsage\n\n  $ prisma migrate diff [options]\n\nOptions\n\n  -h, --help               Display this help message\n  --config                 Custom path to your Prisma config file\n  -o, --output             Writes to a file instead of stdout\n\nFrom and To inputs (1 `--from-...` and 1 `--to-...` must be provided):\n  --from-empty             Flag to assume from or to is an empty datamodel\n  --to-empty\n\n  --from-schema            Path to a Prisma schema file, uses the datamodel for the diff\n  --to-schema\n\n  --from-migrations        Path to the Prisma Migrate migrations directory\n  --to-migrations\n\n  --from-config-datasource Flag to use the datasource from the Prisma config file\n  --to-config-datasource\n\nFlags\n\n  --script                 Render a SQL script to stdout instead of the default human readable summary (not supported on MongoDB)\n  --exit-code              Change the exit code behavior to signal if the diff is empty or not (Empty: 0, Error: 1, Not empty: 2). Default behavior is Success: 0, Error: 1.\n\nExamples\n\n  From the configured database to a Prisma datamodel\n    e.g. roll forward after a migration failed in the middle\n  $ prisma migrate diff \\\n    --from-config-datasource \\\n    --to-schema=next_datamodel.prisma \\\n    --script\n\n  From a Prisma datamodel to the configured database\n    e.g. roll forward after a migration failed in the middle\n  $ prisma migrate diff \\\n    --from-schema=next_datamodel.prisma \\\n    --to-config-datasource \\\n    --script\n\n  From a Prisma Migrate `migrations` directory to the configured database\n    e.g. generate a migration for a hotfix already applied on production\n  $ prisma migrate diff \\\n    --from-migrations ./migrations \\\n    --to-config-datasource \\\n    --script\n\n  Execute the --script output with `prisma db execute` using bash pipe `|`\n  $ prisma migrate diff \\\n    --from-[...] \\\n    --to-[...] \\\n    --script | prisma db execute --stdin --url="$DATABASE_URL"\n\n  Detect if both sources are in sync, it will exit with exit code 2 if changes are detected\n  $ prisma migrate diff \\\n    --exit-code \\\n    --from-[...] \\\n    --to-[...]';
export const HELP_DB_EXECUTE =
  "📝 Execute native commands to your database\n\nThis command takes as input a datasource defined in prisma7.config.ts and a script, using --stdin or --file.\nThe script input parameters are mutually exclusive, only 1 must be provided.\n\nThe output of the command is connector-specific, and is not meant for returning data, but only to report success or failure.\n\nOn SQL databases, this command takes as input a SQL script.\nThe whole script will be sent as a single command to the database.\n\nThis command is currently not supported on MongoDB.\n\nUsage\n\n  $ prisma db execute [options]\n\n  The datasource URL configuration is read from the Prisma config file (e.g., prisma7.config.ts).\n\nOptions\n\n-h, --help            Display this help message\n--config              Custom path to your Prisma config file\n\nScript input, only 1 must be provided:\n--file                Path to a file. The content will be sent as the script to be executed\n\nFlags\n\n--stdin              Use the terminal standard input as the script to be executed\n\nExamples\n\n  Execute the content of a SQL script file using the datasource configured in prisma7.config.ts\n  $ prisma db execute --file ./script.sql\n\n  Execute the SQL script from stdin using the configured datasource\n  $ echo 'TRUNCATE TABLE dev;' |     prisma db execute     --stdin";
export const HELP_VALIDATE =
  'Validate a Prisma schema.\n\nUsage\n\n  $ prisma validate [options]\n\nOptions\n\n  -h, --help   Display this help message\n    --config   Custom path to your Prisma config file\n    --schema   Custom path to your Prisma schema\n\nExamples\n\n  With an existing Prisma schema\n    $ prisma validate\n\n  With a Prisma config file\n    $ prisma validate --config=./prisma7.config.ts\n\n  Or specify a Prisma schema path\n    $ prisma validate --schema=./schema.prisma';
export const HELP_FORMAT =
  'Format a Prisma schema.\n\nUsage\n\n  $ prisma format [options]\n\nOptions\n\n  -h, --help   Display this help message\n    --config   Custom path to your Prisma config file\n    --schema   Custom path to your Prisma schema\n\nExamples\n\nWith an existing Prisma schema\n  $ prisma format\n\nOr specify a Prisma schema path\n  $ prisma format --schema=./schema.prisma';
export const HELP_GENERATE =
  'Generate artifacts (e.g. Prisma Client)\n\nUsage\n\n  $ prisma generate [options]\n\nOptions\n          -h, --help   Display this help message\n            --config   Custom path to your Prisma config file\n            --schema   Custom path to your Prisma schema\n               --sql   Generate typed sql module\n             --watch   Watch the Prisma schema and rerun after a change\n         --generator   Generator to use (may be provided multiple times)\n          --no-hints   Hides the hint messages but still outputs errors and warnings\n    --require-models   Do not allow generating a client without models\n\nExamples\n\n  With an existing Prisma schema\n    $ prisma generate\n\n  Or specify a schema\n    $ prisma generate --schema=./schema.prisma\n\n  Run the command with multiple specific generators\n    $ prisma generate --generator client1 --generator client2\n\n  Watch Prisma schema file and rerun after each change\n    $ prisma generate --watch';
export const HELP_DB_PUSH =
  '🙌  Push the state from your Prisma schema to your database\n\nUsage\n\n  $ prisma db push [options]\n\n  The datasource URL configuration is read from the Prisma config file (e.g., prisma7.config.ts).\n\nOptions\n\n           -h, --help   Display this help message\n             --config   Custom path to your Prisma config file\n             --schema   Custom path to your Prisma schema\n                 --url   Override the datasource URL from the Prisma config file\n   --accept-data-loss   Ignore data loss warnings\n        --force-reset   Force a reset of the database before push\n\nExamples\n\n  Push the Prisma schema state to the database\n  $ prisma db push\n\n  Specify a schema\n  $ prisma db push --schema=./schema.prisma\n\n  Ignore data loss warnings\n  $ prisma db push --accept-data-loss';
export const HELP_DB_PULL =
  'Pull the state from the database to the Prisma schema using introspection\n\nUsage\n\n  $ prisma db pull [flags/options]\n\n  The datasource URL configuration is read from the Prisma config file (e.g., prisma7.config.ts).\n\nFlags\n\n              -h, --help   Display this help message\n                 --force   Ignore current Prisma schema file\n                 --print   Print the introspected Prisma schema to stdout\n\nOptions\n\n                --config   Custom path to your Prisma config file\n                --schema   Custom path to your Prisma schema\n                 --url     Override the datasource URL from the Prisma config file\n  --composite-type-depth   Specify the depth for introspecting composite types (e.g. Embedded Documents in MongoDB)\n                           Number, default is -1 for infinite depth, 0 = off\n               --schemas   Specify the database schemas to introspect. This overrides the schemas defined in the datasource block of your Prisma schema.\n              --local-d1   Generate a Prisma schema from a local Cloudflare D1 database\nExamples\n\nWith an existing Prisma schema\n  $ prisma db pull\n\nOr specify a Prisma schema path\n  $ prisma db pull --schema=./schema.prisma\n\nInstead of saving the result to the filesystem, you can also print it to stdout\n  $ prisma db pull --print\n\nOverwrite the current schema with the introspected schema instead of enriching it\n  $ prisma db pull --force\n\nSet composite types introspection depth to 2 levels\n  $ prisma db pull --composite-type-depth=2';
export const HELP_MIGRATE =
  'Update the database schema with migrations\n\nUsage\n\n  $ prisma migrate [command] [options]\n\nCommands for development\n\n         dev   Create a migration from changes in Prisma schema, apply it to the database\n               trigger generators (e.g. Prisma Client)\n       reset   Reset your database and apply all migrations, all data will be lost\n\nCommands for production/staging\n\n      deploy   Apply pending migrations to the database\n      status   Check the status of your database migrations\n     resolve   Resolve issues with database migrations, i.e. baseline, failed migration, hotfix\n\nCommand for any stage\n\n        diff   Compare the database schema from two arbitrary sources\n\nOptions\n\n  -h, --help   Display this help message\n    --config   Custom path to your Prisma config file\n    --schema   Custom path to your Prisma schema\n\nExamples\n\n  Create a migration from changes in Prisma schema, apply it to the database, trigger generators (e.g. Prisma Client)\n  $ prisma migrate dev\n\n  Reset your database and apply all migrations\n  $ prisma migrate reset\n\n  Apply pending migrations to the database in production/staging\n  $ prisma migrate deploy\n\n  Check the status of migrations in the production/staging database\n  $ prisma migrate status\n\n  Specify a schema\n  $ prisma migrate status --schema=./schema.prisma\n\n  Compare the database schema from two databases and render the diff as a SQL script\n  $ prisma migrate diff     --from-url "$DATABASE_URL"     --to-url "postgresql://login:password@localhost:5432/db"     --script';
export const HELP_DB =
  '🏋️  Manage your database schema and lifecycle during development.\n\nUsage\n\n  $ prisma db [command] [options]\n\nOptions\n\n  -h, --help   Display this help message\n    --config   Custom path to your Prisma config file\n    --schema   Custom path to your Prisma schema\n\nCommands\n     pull   Pull the state from the database to the Prisma schema using introspection\n     push   Push the state from Prisma schema to the database during prototyping\n     seed   Seed your database\n  execute   Execute native commands to your database\n\nExamples\n\n  Run `prisma db pull`\n  $ prisma db pull\n\n  Run `prisma db push`\n  $ prisma db push\n\n  Run `prisma db seed`\n  $ prisma db seed\n\n  Run `prisma db execute`\n  $ prisma db execute';

// --- the data-loss prompt of `migrate dev` and `db push` ---

export function dataLossWarnings(messages: readonly string[]): string[] {
  return ['', '⚠️  Warnings for the current datasource:', '', ...messages.map((message) => `  • ${message}`), ''];
}

export function devQuestion(createOnly: boolean): string {
  return createOnly ? 'Are you sure you want to create this migration?' : 'Are you sure you want to create and apply this migration?';
}

/** The question as `prompts` shows it while it waits, and the line it leaves once answered. */
export const asking = (question: string): string => `? ${question} › (y/N)`;
export const answered = (question: string, yes: boolean): string => `${yes ? '✔' : '✖'} ${question} … ${yes ? 'yes' : 'no'}`;

export const MIGRATION_CANCELLED = 'Migration cancelled.';
export const PUSH_CANCELLED = 'Push cancelled.';

/** MigrateDevEnvNonInteractiveError: what 7.10.1 says without a terminal to ask in. */
export const DEV_NON_INTERACTIVE =
  'Error: Prisma Migrate has detected that the environment is non-interactive, which is not supported.\n\n`prisma migrate dev` is an interactive command designed to create new migrations and evolve the database in development.\nTo apply existing migrations in deployments, use prisma migrate deploy.\nSee https://pris.ly/d/migrate-deploy';

export function unexecutableSteps(steps: readonly { stepIndex: number; message: string }[]): string {
  return (
    ['', '⚠️ We found changes that cannot be executed:', '', ...steps.map((step) => `  • Step ${step.stepIndex} ${step.message}`)].join(
      '\n',
    ) +
    '\n\nYou can use prisma migrate dev --create-only to create the migration file, and manually modify it to address the underlying issue(s).\nThen run prisma migrate dev to apply it and verify it works.'
  );
}

// --- `db push` / `db pull` ---

export function pushWarnings(messages: readonly string[]): string[] {
  return ['⚠️  There might be data loss when applying the changes:', '', ...messages.flatMap((message) => [`  • ${message}`, '']), ''];
}

export const PUSH_NEEDS_ACCEPT =
  'Error: Use the --accept-data-loss flag to ignore the data loss warnings like prisma db push --accept-data-loss';
export const PUSH_QUESTION = 'Do you want to ignore the warning(s)?';
export const PUSH_IN_SYNC = 'The database is already in sync with the Prisma schema.';
export const pushDone = (ms: number): string => `🚀  Your database is now in sync with your Prisma schema. Done in ${duration(ms)}`;

export function pushUnexecutable(steps: readonly string[]): string {
  return (
    ['Error: ', '⚠️ We found changes that cannot be executed:', '', ...steps.map((step) => `  • ${step}`)].join('\n') +
    '\n\nYou may use the --force-reset flag to drop the database before push like prisma db push --force-reset\nAll data will be lost.'
  );
}

export const PULL_INTROSPECTING = `- Introspecting based on datasource defined in prisma/schema.prisma`;
export const pullDone = (models: number, ms: number): string =>
  `✔ Introspected ${models} ${models > 1 ? 'models' : 'model'} and wrote ${models > 1 ? 'them' : 'it'} into prisma/schema.prisma in ${duration(ms)}\n      \nRun prisma generate to generate Prisma Client.`;
export const PULL_EMPTY =
  'Error: \nP4001 The introspected database was empty:\n\nprisma db pull could not create any models in your schema.prisma file and you will not be able to generate Prisma Client with the prisma generate command.\n\nTo fix this, you have two options:\n\n- manually create a table in your database.\n- make sure the database connection URL inside the datasource block in schema.prisma points to a database that is not empty (it must contain at least one table).\n\nThen you can run prisma db pull again. ';

/** `ms` the way the CLI's pretty-ms prints a duration: 25ms, 1.43s. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2).replace(/\.?0+$/, '')}s`;
}

// --- validate / format / generate / --version ---

export const schemaValid = (path: string): string => `The schema at ${path} is valid 🚀`;
export const formatted = (path: string, ms: number): string => `Formatted ${path} in ${duration(ms)} 🚀`;
export const FORMAT_CHECK_OK = 'All files are formatted correctly!';
export const FORMAT_CHECK_FAILED = '! There are unformatted files. Run prisma format to format them.';

export const GENERATE_NO_GENERATORS = `\ninfo You don't have any generators defined in your schema.prisma, so nothing will be generated.\nAdd the Prisma Client generator like this:\n\ngenerator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}\n\nThen run $ prisma generate.\n\nMore information in our documentation:\nhttps://pris.ly/d/prisma-schema\n`;

/** Not Prisma's words: what the lab does instead of writing a client into a project it does not have. */
export const GENERATE_IN_LAB =
  "The lab does not generate Prisma Client. `prisma generate` writes client code into your project (the generator's `output`), and this lab has no project on disk to write it to. Migrations never need it: in Prisma 7 neither `migrate dev` nor `migrate reset` runs it. The schema was checked (`prisma validate` says the same).";

export const STDIN_IN_LAB =
  'The lab has no terminal to read standard input from. Put the SQL in a file of the project (Add file) and run\n  npx prisma db execute --file <path>\nThe file is sent the same way: as one script, in one simple query.';

export const PRISMA_VERSION = '7.10.1';

export function versionTable(rows: readonly [string, string][]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)} : ${value}`).join('\n');
}

// --- the migrate commands and db execute ---

export const APPLIED_HEADING = 'The following migration(s) have been applied:';
export const CREATED_AND_APPLIED_HEADING = 'The following migration(s) have been created and applied from new schema changes:';
export const ALL_APPLIED = 'All migrations have been successfully applied.';
export const NO_PENDING = 'No pending migrations to apply.';
export const STATUS_UP_TO_DATE = 'Database schema is up to date!';
export const RESET_DONE = 'Database reset successful';
export const DEV_IN_SYNC = 'Your database is now in sync with your schema.';
export const DEV_NOTHING_TO_DO = 'Already in sync, no schema change or pending migration was found.';
export const NO_DIFFERENCE = 'No difference detected.';
export const SCRIPT_EXECUTED = 'Script executed successfully.';

/** A heading and the tree of migrations under it, each after a blank line, as deploy, reset and dev print them. */
export const appliedList = (names: readonly string[], heading = APPLIED_HEADING): string[] => ['', heading, '', migrationTree(names)];
export const applyingMigration = (name: string): string => `Applying migration \`${name}\``;
export const markedRolledBack = (name: string): string => `Migration ${name} marked as rolled back.`;
export const markedApplied = (name: string): string => `Migration ${name} marked as applied.`;
export const createdOnly = (name: string): string[] => [
  `Prisma Migrate created the following migration without applying it ${name}`,
  '',
  'You can now edit it and apply it by running prisma migrate dev.',
];
export const wroteDiff = (path: string): string => `Wrote the diff to ${path}.`;
export const missingMigrationFile = (name: string): string =>
  `Error: P3015\n\nCould not find the migration file at prisma/migrations/${name}/migration.sql. Please delete the directory or restore the migration file.`;
export const fileNotFound = (path: string): string => `Provided --file at ${path} doesn't exist.`;
export const pushReset = (): string => `The PostgreSQL database "postgres" schema "public" at "${DATASOURCE_AT}" was successfully reset.`;

// The lab's own words where it differs from a native install (its engine is WASM, its project fixed).
export const diffSchemaElsewhere = (path: string, schemaPath: string): string =>
  `Could not load schema from \`${path}\`: the lab's schema is ${schemaPath}.`;
export const diffMigrationsElsewhere = (path: string): string => `No migrations directory at \`${path}\`: the lab's is prisma/migrations.`;
export const enginePanicked = (message: string): string[] => [
  `Error: the schema engine panicked: ${message}`,
  '',
  'Its WebAssembly instance cannot run again: the database worker restarts, and the lab with it.',
];
export const schemaWasmPanicked = (message: string): string => `Error: Prisma's schema WASM panicked: ${message}`;
