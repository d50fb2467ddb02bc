/**
 * The contract between a writer and a live example: the info string of a fenced ```sql block.
 *
 *   ```sql id=add-column-twice setup=users mode=statements expect="ok 42701" timeout=5000 title="Naive"
 *   ```sql id=concurrent-index mode=prisma expect="ok" expect-7-3="25001"
 *
 * `mode=prisma` runs the example as Prisma sends a migration file, with a switch between the Prisma
 * versions of execution/prisma-target.ts (`mode=prisma-7.3` starts on another one); `expect` holds
 * the outcomes under the version it starts on, `expect-7-3` (dots as dashes) those under another.
 *
 * Parsing is strict on purpose: a typo in a key or an outcome would otherwise silently produce an
 * example that checks nothing, so every problem is reported with the fix.
 */

import { DEFAULT_PRISMA_TARGET, PRISMA_TARGETS, type PrismaTarget } from '../execution/prisma-target.ts';

/** `prisma-<target>`: as that Prisma version sends a migration (execution/run-migration.ts). */
export type ExecutionMode = 'batch' | 'statements' | `prisma-${PrismaTarget}`;

export const EXECUTION_MODES = ['batch', 'statements', ...PRISMA_TARGETS.map((target) => `prisma-${target.id}` as const)] as const;

export function isExecutionMode(value: unknown): value is ExecutionMode {
  return (EXECUTION_MODES as readonly unknown[]).includes(value);
}

/** The Prisma version a mode runs as, or undefined for the plain modes. */
export function prismaTargetOf(mode: ExecutionMode): PrismaTarget | undefined {
  return mode.startsWith('prisma-') ? (mode.slice('prisma-'.length) as PrismaTarget) : undefined;
}

const expectKey = (target: PrismaTarget) => `expect-${target.replaceAll('.', '-')}`;
/** `ok`, or the SQLSTATE the Run is expected to fail with. */
export type Outcome = 'ok' | string;

export interface ExampleMeta {
  id: string;
  setup: string[];
  mode: ExecutionMode;
  /** One entry per consecutive Run, starting from the setup state, on PGlite's PostgreSQL (the page's). */
  expect: Outcome[];
  /** `mode=prisma` only: the outcomes under each Prisma version (`expect` is the one it starts on). */
  expectByTarget?: Record<PrismaTarget, Outcome[]>;
  /**
   * `expect-pg15="55P04"`: where an older major behaves differently, its own outcomes. A major
   * without a key is held to `expect`; the outcome tests check each server against its own.
   */
  expectByMajor?: Record<number, Outcome[]>;
  timeoutMs: number;
  /** Statement mode only: keep going after a failed statement (psql -f without ON_ERROR_STOP). */
  continueOnError: boolean;
  /** Extra tools offered beside Run: `pg_dump` adds a backup and a restore. */
  tools: 'pg_dump'[];
  title?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** The major version PGlite runs: the one the page shows and `expect` describes. */
export const PAGE_PG_MAJOR = 18;
const MAJOR_KEY = /^expect-pg(1[0-9])$/;
const KEYS = new Set([
  'id',
  'setup',
  'mode',
  'onerror',
  'expect',
  ...PRISMA_TARGETS.map((target) => expectKey(target.id)),
  'timeout',
  'tools',
  'title',
]);
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SQLSTATE_PATTERN = /^[0-9A-Z]{5}$/;

export class ExampleMetaError extends Error {
  override name = 'ExampleMetaError';
}

/** Splits `a=b c="d e"` into pairs; quoted values may contain spaces. */
export function parseMetaPairs(meta: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const pattern = /([a-zA-Z][\w-]*)=(?:"([^"]*)"|(\S+))|(\S+)/g;
  for (const match of meta.matchAll(pattern)) {
    if (match[4] !== undefined) {
      throw new ExampleMetaError(`"${match[4]}" is not a key=value pair (quote values that contain spaces).`);
    }
    const key = match[1] as string;
    if (pairs.has(key)) throw new ExampleMetaError(`"${key}" is given twice.`);
    pairs.set(key, match[2] ?? match[3] ?? '');
  }
  return pairs;
}

export function parseExampleMeta(meta: string): ExampleMeta {
  const pairs = parseMetaPairs(meta);
  for (const key of pairs.keys()) {
    if (!KEYS.has(key) && !MAJOR_KEY.test(key)) {
      throw new ExampleMetaError(`unknown key "${key}"; the keys are ${[...KEYS].join(', ')}.`);
    }
  }
  const id = pairs.get('id');
  if (!id) throw new ExampleMetaError('every SQL example needs a stable id, e.g. id=create-table-twice.');
  if (!ID_PATTERN.test(id)) throw new ExampleMetaError(`id "${id}" must be lowercase kebab-case.`);

  const modeText = pairs.get('mode') ?? 'batch';
  const mode = modeText === 'prisma' ? (`prisma-${DEFAULT_PRISMA_TARGET}` as const) : modeText;
  if (!isExecutionMode(mode)) {
    throw new ExampleMetaError(
      `mode "${modeText}" must be "batch", "statements" or "prisma" (${EXECUTION_MODES.filter((item) => item.startsWith('prisma-')).join(', ')}).`,
    );
  }
  const target = prismaTargetOf(mode);

  const onError = pairs.get('onerror') ?? 'stop';
  if (onError !== 'stop' && onError !== 'continue') throw new ExampleMetaError(`onerror "${onError}" must be "stop" or "continue".`);
  if (onError === 'continue' && mode !== 'statements') {
    throw new ExampleMetaError(`onerror=continue of "${id}" needs mode=statements (a batch always stops at its first error).`);
  }

  const expectText = pairs.get('expect');
  if (!expectText) throw new ExampleMetaError(`example "${id}" needs expect="ok" (or a SQLSTATE per Run).`);
  const expect = parseOutcomes(expectText, id);
  let expectByTarget: Record<PrismaTarget, Outcome[]> | undefined;
  if (target) {
    if (pairs.has(expectKey(target)))
      throw new ExampleMetaError(`"${expectKey(target)}" of "${id}" repeats expect: it starts on Prisma ${target}.`);
    expectByTarget = Object.fromEntries(
      PRISMA_TARGETS.map(({ id: other }) => [
        other,
        other === target ? expect : parseOutcomes(pairs.get(expectKey(other)) ?? expectText, id),
      ]),
    ) as Record<PrismaTarget, Outcome[]>;
    for (const [other, list] of Object.entries(expectByTarget)) {
      if (list.length !== expect.length)
        throw new ExampleMetaError(`"${expectKey(other as PrismaTarget)}" of "${id}" must list as many Runs as expect (${expect.length}).`);
    }
  } else {
    const stray = PRISMA_TARGETS.map((item) => expectKey(item.id)).find((key) => pairs.has(key));
    if (stray) throw new ExampleMetaError(`"${stray}" of "${id}" needs mode=prisma.`);
  }
  const expectByMajor: Record<number, Outcome[]> = {};
  for (const [key, value] of pairs) {
    const major = MAJOR_KEY.exec(key)?.[1];
    if (major === undefined) continue;
    if (Number(major) === PAGE_PG_MAJOR)
      throw new ExampleMetaError(`${key} of "${id}": PostgreSQL ${PAGE_PG_MAJOR} is the page's own version; use expect.`);
    const outcomes = parseOutcomes(value, id);
    if (outcomes.length !== expect.length)
      throw new ExampleMetaError(`${key} of "${id}" must declare as many Runs as expect (${expect.length}).`);
    expectByMajor[Number(major)] = outcomes;
  }
  if (expectByTarget && Object.keys(expectByMajor).length > 0) {
    throw new ExampleMetaError(
      `"${id}": outcomes per PostgreSQL version (expect-pgNN) are not supported with mode=prisma; split the example.`,
    );
  }

  const timeoutText = pairs.get('timeout');
  const timeoutMs = timeoutText === undefined ? DEFAULT_TIMEOUT_MS : Number(timeoutText);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) {
    throw new ExampleMetaError(`timeout of "${id}" must be milliseconds between 100 and 120000.`);
  }

  const setup = (pairs.get('setup') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of setup) {
    if (!ID_PATTERN.test(name)) throw new ExampleMetaError(`setup fixture "${name}" must be a kebab-case file name.`);
  }

  const tools = (pairs.get('tools') ?? '').split(',').filter(Boolean);
  for (const tool of tools)
    if (tool !== 'pg_dump') throw new ExampleMetaError(`unknown tool "${tool}" of "${id}"; the tools are: pg_dump.`);

  const title = pairs.get('title');
  return {
    id,
    setup,
    mode,
    expect,
    ...(expectByTarget ? { expectByTarget } : {}),
    ...(Object.keys(expectByMajor).length ? { expectByMajor } : {}),
    timeoutMs,
    continueOnError: onError === 'continue',
    tools: tools as 'pg_dump'[],
    ...(title ? { title } : {}),
  };
}

/** Human wording of the declared outcomes, shown above the example; per Prisma version when it has them. */
export function describeExpectations(meta: Pick<ExampleMeta, 'expect' | 'expectByTarget'>): string {
  if (!meta.expectByTarget) return describeExpectation(meta.expect);
  return PRISMA_TARGETS.map((target) => `${target.label}: ${describeExpectation(meta.expectByTarget?.[target.id] ?? meta.expect)}`).join(
    ' · ',
  );
}

function parseOutcomes(text: string, id: string): Outcome[] {
  const outcomes = text.split(/\s+/).filter(Boolean);
  if (outcomes.length === 0) throw new ExampleMetaError(`example "${id}" needs at least one outcome ("ok" or a SQLSTATE).`);
  for (const outcome of outcomes) {
    if (outcome !== 'ok' && !SQLSTATE_PATTERN.test(outcome)) {
      throw new ExampleMetaError(`outcome "${outcome}" of "${id}" must be "ok" or a 5-character SQLSTATE.`);
    }
  }
  return outcomes;
}

/** What a server of this major version must answer: its own declaration, else `expect`. */
export function expectedOn(meta: Pick<ExampleMeta, 'expect' | 'expectByMajor'>, major: number): Outcome[] {
  return meta.expectByMajor?.[major] ?? meta.expect;
}

/** "PostgreSQL 15: 55P04 · PostgreSQL 18 (this page): ok", or undefined when no version differs. */
export function describeVersionDifference(meta: Pick<ExampleMeta, 'expect' | 'expectByMajor'>): string | undefined {
  const majors = Object.keys(meta.expectByMajor ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  if (majors.length === 0) return undefined;
  const line = (outcomes: Outcome[]) => outcomes.join(', ');
  return [
    ...majors.map((major) => `PostgreSQL ${major}: ${line(expectedOn(meta, major))}`),
    `PostgreSQL ${PAGE_PG_MAJOR} (this page): ${line(meta.expect)}`,
  ].join(' · ');
}

export function describeExpectation(expect: Outcome[]): string {
  const ordinal = ['1st', '2nd', '3rd'];
  const parts = expect.map((outcome, index) => {
    const run = ordinal[index] ?? `${index + 1}th`;
    return outcome === 'ok' ? `${run} Run succeeds` : `${run} Run fails with ${outcome}`;
  });
  return parts.join('; ');
}
