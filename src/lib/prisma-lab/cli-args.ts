/**
 * Reads a command line the way the Prisma 7 CLI does: the commands the lab supports, each with the
 * flags Prisma accepts for it and nothing else (Prisma's argument parser is not permissive, so an
 * unknown flag such as `--verbose` is an error, not ignored).
 */
import * as say from './cli-output.ts';

export type LabCommand =
  | { kind: 'migrate deploy' }
  | { kind: 'migrate status' }
  | { kind: 'migrate resolve'; applied?: string; rolledBack?: string }
  | { kind: 'migrate reset'; force: boolean }
  | { kind: 'migrate dev'; name?: string; createOnly: boolean }
  | { kind: 'migrate diff'; from: DiffSource; to: DiffSource; script: boolean; exitCode: boolean; output?: string }
  | { kind: 'db execute'; file: string }
  | { kind: 'version' }
  | { kind: 'validate' }
  | { kind: 'format'; check: boolean }
  | { kind: 'generate' }
  | { kind: 'db push'; acceptDataLoss: boolean; forceReset: boolean }
  | { kind: 'db pull'; force: boolean; print: boolean };

export type DiffSource =
  | { tag: 'empty' }
  | { tag: 'schema'; path: string }
  | { tag: 'migrations'; path: string }
  | { tag: 'config-datasource' };

/** A command line Prisma refuses before doing anything; `text` is what it prints. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode: number;
  constructor(text: string, exitCode = 1) {
    super(text);
    this.exitCode = exitCode;
  }
}

type FlagSpec = Record<string, 'boolean' | 'string'>;

const COMMON: FlagSpec = { '--help': 'boolean', '-h': 'boolean', '--schema': 'string', '--config': 'string' };
const SPECS: Record<string, FlagSpec> = {
  'migrate deploy': { ...COMMON },
  'migrate status': { ...COMMON },
  'migrate resolve': { ...COMMON, '--applied': 'string', '--rolled-back': 'string' },
  'migrate reset': { ...COMMON, '--force': 'boolean', '-f': 'boolean' },
  'migrate dev': { ...COMMON, '--name': 'string', '-n': 'string', '--create-only': 'boolean', '--url': 'string' },
  'migrate diff': {
    '--help': 'boolean',
    '-h': 'boolean',
    '--config': 'string',
    '--from-empty': 'boolean',
    '--to-empty': 'boolean',
    '--from-schema': 'string',
    '--to-schema': 'string',
    '--from-migrations': 'string',
    '--to-migrations': 'string',
    '--from-config-datasource': 'boolean',
    '--to-config-datasource': 'boolean',
    '--script': 'boolean',
    '--exit-code': 'boolean',
    '--output': 'string',
    '-o': 'string',
    // Removed in Prisma 7: still parsed, only to say what replaced them.
    '--from-schema-datamodel': 'string',
    '--to-schema-datamodel': 'string',
    '--from-schema-datasource': 'string',
    '--to-schema-datasource': 'string',
    '--from-url': 'string',
    '--to-url': 'string',
  },
  'db execute': { '--help': 'boolean', '-h': 'boolean', '--config': 'string', '--file': 'string', '--stdin': 'boolean' },
  validate: { ...COMMON },
  format: { ...COMMON, '--check': 'boolean' },
  generate: {
    ...COMMON,
    '--sql': 'boolean',
    '--watch': 'boolean',
    '--generator': 'string',
    '--no-hints': 'boolean',
    '--require-models': 'boolean',
  },
  'db push': { ...COMMON, '--url': 'string', '--accept-data-loss': 'boolean', '--force-reset': 'boolean' },
  'db pull': {
    ...COMMON,
    '--url': 'string',
    '--force': 'boolean',
    '--print': 'boolean',
    '--composite-type-depth': 'string',
    '--schemas': 'string',
  },
};

/** Commands of one word; every other command is a group and a subcommand. */
const SINGLE = new Set(['validate', 'format', 'generate']);
/** A group typed alone prints its help, as the CLI does (exit 0). */
const GROUP_HELP: Record<string, string> = { migrate: say.HELP_MIGRATE, db: say.HELP_DB };

const HELP: Record<string, string> = {
  'migrate deploy': say.HELP_MIGRATE_DEPLOY,
  'migrate status': say.HELP_MIGRATE_STATUS,
  'migrate resolve': say.HELP_MIGRATE_RESOLVE,
  'migrate reset': say.HELP_MIGRATE_RESET,
  'migrate dev': say.HELP_MIGRATE_DEV,
  'migrate diff': say.HELP_MIGRATE_DIFF,
  'db execute': say.HELP_DB_EXECUTE,
  validate: say.HELP_VALIDATE,
  format: say.HELP_FORMAT,
  generate: say.HELP_GENERATE,
  'db push': say.HELP_DB_PUSH,
  'db pull': say.HELP_DB_PULL,
};

export const SUPPORTED_COMMANDS = [...Object.keys(SPECS), '--version'];

/** Splits like a POSIX shell: quotes group, backslash escapes outside single quotes. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) current = (current ?? '') + line[++i];
      else current = (current ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      current = (current ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (current !== undefined) tokens.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + c;
    }
  }
  if (quote) throw new UsageError(`The command line has an unclosed ${quote} quote.`);
  if (current !== undefined) tokens.push(current);
  return tokens;
}

const RUNNERS = new Set(['npx', 'bunx', 'pnpx']);

export function parseCommandLine(line: string): LabCommand {
  let tokens = tokenize(line.trim());
  if (RUNNERS.has(tokens[0] ?? '')) tokens = tokens.slice(1);
  else if ((tokens[0] === 'pnpm' && tokens[1] === 'dlx') || (tokens[0] === 'yarn' && tokens[1] === 'dlx')) tokens = tokens.slice(2);
  if (tokens[0] !== 'prisma') {
    throw new UsageError(
      tokens.length === 0
        ? 'Type a Prisma command, for example: npx prisma migrate deploy'
        : `This lab runs Prisma commands only (npx prisma …); \`${tokens[0]}\` is not one of them.`,
    );
  }
  const args = tokens.slice(1);
  if (args[0] === '--version' || args[0] === '-v' || args[0] === 'version') return { kind: 'version' };
  const group = args[0] ?? '';
  const groupHelp = GROUP_HELP[group];
  if (groupHelp !== undefined && (args[1] === undefined || args[1].startsWith('-'))) throw new UsageError(groupHelp, 0);
  const [name, rest] = SINGLE.has(group) ? [group, args.slice(1)] : [`${group} ${args[1] ?? ''}`.trim(), args.slice(2)];
  const spec = SPECS[name];
  if (!spec) {
    const known = SUPPORTED_COMMANDS.map((command) => `  prisma ${command}`).join('\n');
    throw new UsageError(`! Unknown command "${name || '(none)'}"\n\nThe lab supports:\n${known}`);
  }
  const flags = readFlags(rest, spec, name);
  if (flags['--help'] || flags['-h']) throw new UsageError(HELP[name]!, 0);
  checkPaths(flags);
  return buildCommand(name, flags);
}

function readFlags(args: string[], spec: FlagSpec, command: string): Record<string, string | boolean> {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const [flag, inline] =
      token.startsWith('--') && token.includes('=')
        ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]
        : [token, undefined];
    const kind = spec[flag];
    if (!kind) throw new UsageError(`! unknown or unexpected option: ${flag}\n\n${HELP[command]}`);
    if (kind === 'boolean') {
      flags[flag] = true;
    } else {
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith('-')))
        throw new UsageError(`! option requires argument: ${flag}\n\n${HELP[command]}`);
      flags[flag] = value;
    }
  }
  return flags;
}

// The lab's project is fixed: one config, one schema file, one migrations folder.
function checkPaths(flags: Record<string, string | boolean>) {
  const schema = flags['--schema'];
  if (typeof schema === 'string' && normalizePath(schema) !== 'prisma/schema.prisma') {
    throw new UsageError(`Could not load \`--schema\` from provided path \`${schema}\`: file or directory not found`);
  }
  const config = flags['--config'];
  if (typeof config === 'string' && normalizePath(config) !== 'prisma.config.ts') {
    throw new UsageError(`Config file not found at "${config}"`);
  }
}

export function normalizePath(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

function buildCommand(name: string, flags: Record<string, string | boolean>): LabCommand {
  const text = (flag: string) => (typeof flags[flag] === 'string' ? (flags[flag] as string) : undefined);
  switch (name) {
    case 'migrate deploy':
      return { kind: 'migrate deploy' };
    case 'migrate status':
      return { kind: 'migrate status' };
    case 'migrate resolve': {
      const applied = text('--applied');
      const rolledBack = text('--rolled-back');
      if (applied && rolledBack) throw new UsageError('Pass either --applied or --rolled-back, not both.');
      if (!applied && !rolledBack) {
        throw new UsageError(
          '--applied or --rolled-back must be part of the command like:\nprisma migrate resolve --applied 20201231000000_add_users_table\nprisma migrate resolve --rolled-back 20201231000000_add_users_table',
        );
      }
      return { kind: 'migrate resolve', applied, rolledBack };
    }
    case 'migrate reset':
      return { kind: 'migrate reset', force: Boolean(flags['--force'] || flags['-f']) };
    case 'migrate dev':
      if (flags['--url']) throw new UsageError('The lab has one database, the one in this tab; `--url` cannot point elsewhere.');
      return { kind: 'migrate dev', name: text('--name') ?? text('-n'), createOnly: Boolean(flags['--create-only']) };
    case 'migrate diff':
      return diffCommand(flags);
    case 'validate':
      return { kind: 'validate' };
    case 'format':
      return { kind: 'format', check: Boolean(flags['--check']) };
    case 'generate':
      return { kind: 'generate' };
    case 'db push':
      if (flags['--url']) throw new UsageError('The lab has one database, the one in this tab; `--url` cannot point elsewhere.');
      return { kind: 'db push', acceptDataLoss: Boolean(flags['--accept-data-loss']), forceReset: Boolean(flags['--force-reset']) };
    case 'db pull':
      if (flags['--url']) throw new UsageError('The lab has one database, the one in this tab; `--url` cannot point elsewhere.');
      return { kind: 'db pull', force: Boolean(flags['--force']), print: Boolean(flags['--print']) };
    default: {
      if (flags['--stdin'] && flags['--file'])
        throw new UsageError('--stdin and --file cannot be used at the same time. Only 1 must be provided. \nSee `prisma db execute -h`');
      if (flags['--stdin']) throw new UsageError(say.STDIN_IN_LAB);
      const file = text('--file');
      if (!file) throw new UsageError('Either --stdin or --file must be provided.\nSee `prisma db execute -h`');
      return { kind: 'db execute', file };
    }
  }
}

function diffCommand(flags: Record<string, string | boolean>): LabCommand {
  for (const side of ['from', 'to'] as const) {
    if (flags[`--${side}-schema-datamodel`])
      throw new UsageError(`\`--${side}-schema-datamodel\` was removed. Please use \`--[from/to]-schema\` instead.`);
    for (const removed of ['url', 'schema-datasource']) {
      if (flags[`--${side}-${removed}`]) {
        throw new UsageError(
          `\`--${side}-${removed}\` was removed. Please use \`--[from/to]-config-datasource\` in combination with a Prisma config file that contains the appropriate datasource instead.`,
        );
      }
    }
  }
  const source = (side: 'from' | 'to'): DiffSource => {
    const given: DiffSource[] = [];
    if (flags[`--${side}-empty`]) given.push({ tag: 'empty' });
    const schema = flags[`--${side}-schema`];
    if (typeof schema === 'string') given.push({ tag: 'schema', path: schema });
    const migrations = flags[`--${side}-migrations`];
    if (typeof migrations === 'string') given.push({ tag: 'migrations', path: migrations });
    if (flags[`--${side}-config-datasource`]) given.push({ tag: 'config-datasource' });
    if (given.length !== 1)
      throw new UsageError(`${given.length} \`--${side}-...\` parameter(s) provided. 1 must be provided.\nSee \`prisma migrate diff -h\``);
    return given[0]!;
  };
  const output = typeof flags['--output'] === 'string' ? flags['--output'] : typeof flags['-o'] === 'string' ? flags['-o'] : undefined;
  return {
    kind: 'migrate diff',
    from: source('from'),
    to: source('to'),
    script: Boolean(flags['--script']),
    exitCode: Boolean(flags['--exit-code']),
    output,
  };
}
