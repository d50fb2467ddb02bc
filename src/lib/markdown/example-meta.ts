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
 * What the worker and the live example need at run time (the modes, the Prisma version a mode runs
 * as, the default time limit, the wording of outcomes) lives here, free of zod; the build-time parser
 * of the info string, validated with zod, is parse-example-meta.ts, which only build code imports.
 */

import { PRISMA_TARGETS, type PrismaTarget } from '../execution/prisma-target.ts';

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

/** Human wording of the declared outcomes, shown above the example; per Prisma version when it has them. */
export function describeExpectations(meta: Pick<ExampleMeta, 'expect' | 'expectByTarget'>): string {
  if (!meta.expectByTarget) return describeExpectation(meta.expect);
  return PRISMA_TARGETS.map((target) => `${target.label}: ${describeExpectation(meta.expectByTarget?.[target.id] ?? meta.expect)}`).join(
    ' · ',
  );
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
