/**
 * Reads a live example's info string at build time into the contract of example-meta.ts:
 *
 *   ```sql id=add-column-twice setup=users mode=statements expect="ok 42701" timeout=5000 title="Naive"
 *
 * The line is split into key=value pairs, then validated with zod like lab.json and share links: one
 * schema per key, the rules that tie keys together (onerror needs mode=statements, every expect-*
 * lists as many Runs as expect) as refinements of the whole. Strict on purpose: a typo in a key or an
 * outcome would otherwise produce an example that checks nothing, so every problem says the fix.
 *
 * Apart from example-meta.ts because that module's helpers ship with the database worker and the live
 * example, which must not carry zod (~29 KB gz) for a parser that only runs at build time: only build
 * code and tests import this one (tests/dist/zod-chunks.test.ts checks the built chunks).
 */
import { z } from 'astro/zod';
import { DEFAULT_PRISMA_TARGET, PRISMA_TARGETS, type PrismaTarget } from '../execution/prisma-target.ts';
import { DEFAULT_TIMEOUT_MS, EXECUTION_MODES, PAGE_PG_MAJOR, prismaTargetOf, type ExampleMeta, type Outcome } from './example-meta.ts';

export class ExampleMetaError extends Error {
  override name = 'ExampleMetaError';
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const OUTCOME_PATTERN = /^(?:ok|[0-9A-Z]{5})$/;
/** `expect-7-3`: dots as dashes, so the key reads like the others. */
const expectKey = (target: PrismaTarget) => `expect-${target.replaceAll('.', '-')}` as const;
const TARGET_KEYS = PRISMA_TARGETS.map((target) => expectKey(target.id));
/** `expect-pg15="55P04"`: the outcomes of an older PostgreSQL major (10 to 19) where they differ. */
const MAJORS = Array.from({ length: 10 }, (_, index) => 10 + index).filter((major) => major !== PAGE_PG_MAJOR);
const majorKey = (major: number) => `expect-pg${major}`;
const KEY_LIST = ['id', 'setup', 'mode', 'onerror', 'expect', ...TARGET_KEYS, 'expect-pgNN', 'timeout', 'tools', 'title'].join(', ');

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

const words = (separator: RegExp) => (text: string) =>
  text
    .split(separator)
    .map((word) => word.trim())
    .filter(Boolean);

/** `"ok 42701"`: one outcome per consecutive Run. */
const outcomes = z
  .string()
  .transform(words(/\s+/))
  .pipe(
    z
      .array(z.string().regex(OUTCOME_PATTERN, { error: (issue) => `outcome "${issue.input}" must be "ok" or a 5-character SQLSTATE.` }))
      .min(1, 'needs at least one outcome ("ok" or a SQLSTATE).'),
  );

const timeoutError = 'timeout must be milliseconds between 100 and 120000.';

const fields = z.strictObject(
  {
    id: z
      .string({ error: 'every SQL example needs a stable id, e.g. id=create-table-twice.' })
      .regex(ID_PATTERN, { error: (issue) => `id "${issue.input}" must be lowercase kebab-case.` }),
    setup: z
      .string()
      .transform(words(/,/))
      .pipe(z.array(z.string().regex(ID_PATTERN, { error: (issue) => `setup fixture "${issue.input}" must be a kebab-case file name.` })))
      .default([]),
    // `prisma` alone starts on the default Prisma version.
    mode: z
      .string()
      .transform((text) => (text === 'prisma' ? `prisma-${DEFAULT_PRISMA_TARGET}` : text))
      .pipe(
        z.enum(EXECUTION_MODES, {
          error: (issue) =>
            `mode "${issue.input}" must be "batch", "statements" or "prisma" (${EXECUTION_MODES.filter((mode) => mode.startsWith('prisma-')).join(', ')}).`,
        }),
      )
      .default('batch'),
    onerror: z.enum(['stop', 'continue'], { error: (issue) => `onerror "${issue.input}" must be "stop" or "continue".` }).default('stop'),
    expect: z.string({ error: 'needs expect="ok" (or a SQLSTATE per Run).' }).pipe(outcomes),
    ...Object.fromEntries(TARGET_KEYS.map((key) => [key, outcomes.optional()])),
    ...Object.fromEntries(MAJORS.map((major) => [majorKey(major), outcomes.optional()])),
    [majorKey(PAGE_PG_MAJOR)]: z
      .never({ error: `${majorKey(PAGE_PG_MAJOR)} is not needed: PostgreSQL ${PAGE_PG_MAJOR} is the page's own version; use expect.` })
      .optional(),
    timeout: z.coerce
      .number({ error: timeoutError })
      .int({ error: timeoutError })
      .min(100, { error: timeoutError })
      .max(120_000, { error: timeoutError })
      .default(DEFAULT_TIMEOUT_MS),
    tools: z
      .string()
      .transform(words(/,/))
      .pipe(z.array(z.literal('pg_dump', { error: (issue) => `unknown tool "${issue.input}"; the tools are: pg_dump.` })))
      .default([]),
    title: z.string().optional(),
  },
  {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key "${issue.keys[0]}"; the keys are ${KEY_LIST}.` : undefined),
  },
);

type Fields = z.output<typeof fields>;
/** The keys built from lists above are not in the inferred type; this reads them back. */
const listAt = (value: Fields, key: string) => (value as unknown as Record<string, Outcome[] | undefined>)[key];
const targetOutcomes = (value: Fields, target: PrismaTarget) => listAt(value, expectKey(target));
const majorOutcomes = (value: Fields) =>
  MAJORS.flatMap((major) => {
    const list = listAt(value, majorKey(major));
    return list ? [[major, list] as const] : [];
  });

const exampleMetaSchema = fields
  .superRefine((value, context) => {
    const fail = (key: string, message: string) => context.addIssue({ code: 'custom', path: [key], message });
    if (value.onerror === 'continue' && value.mode !== 'statements') {
      fail('onerror', 'onerror=continue needs mode=statements (a batch always stops at its first error).');
    }
    const runs = value.expect.length;
    const start = prismaTargetOf(value.mode);
    for (const { id: target } of PRISMA_TARGETS) {
      const list = targetOutcomes(value, target);
      if (!list) continue;
      const key = expectKey(target);
      if (!start) fail(key, `"${key}" needs mode=prisma.`);
      else if (target === start) fail(key, `"${key}" repeats expect: it starts on Prisma ${target}.`);
      else if (list.length !== runs) fail(key, `"${key}" must list as many Runs as expect (${runs}).`);
    }
    const majors = majorOutcomes(value);
    for (const [major, list] of majors) {
      if (list.length !== runs) fail(majorKey(major), `${majorKey(major)} must declare as many Runs as expect (${runs}).`);
    }
    if (start && majors.length > 0) {
      fail('mode', 'outcomes per PostgreSQL version (expect-pgNN) are not supported with mode=prisma; split the example.');
    }
  })
  .transform((value): ExampleMeta => {
    const start = prismaTargetOf(value.mode);
    const majors = majorOutcomes(value);
    return {
      id: value.id,
      setup: value.setup,
      mode: value.mode,
      expect: value.expect,
      ...(start
        ? {
            expectByTarget: Object.fromEntries(
              PRISMA_TARGETS.map(({ id: target }) => [
                target,
                target === start ? value.expect : (targetOutcomes(value, target) ?? value.expect),
              ]),
            ) as Record<PrismaTarget, Outcome[]>,
          }
        : {}),
      ...(majors.length ? { expectByMajor: Object.fromEntries(majors) } : {}),
      timeoutMs: value.timeout,
      continueOnError: value.onerror === 'continue',
      tools: value.tools,
      ...(value.title ? { title: value.title } : {}),
    };
  });

/** The example's meta, or an ExampleMetaError that names the example (by its `id=`) and says the fix. */
export function parseExampleMeta(meta: string): ExampleMeta {
  const pairs = parseMetaPairs(meta);
  const result = exampleMetaSchema.safeParse(Object.fromEntries(pairs));
  if (result.success) return result.data;
  // A misspelt key is the likeliest cause of the other complaints (`expcet=ok`: "needs expect"), so it comes first.
  const issue = result.error.issues.find((item) => item.code === 'unrecognized_keys') ?? result.error.issues[0];
  const id = pairs.get('id');
  const named = issue && issue.path[0] !== 'id' && id && ID_PATTERN.test(id);
  throw new ExampleMetaError(`${named ? `id=${id}: ` : ''}${issue?.message ?? 'is not valid.'}`);
}
