/**
 * What a shared link may carry, validated: strict objects (an unexpected key such as `__proto__`,
 * `constructor` or a field of another version is refused, not carried into the page), bounded strings
 * and arrays. Loaded only when a link is opened (share-link.ts imports it on demand): zod is ~29 KB gz.
 */
import { z } from 'astro/zod';
import { MAX_FILE_BYTES } from '../sql-runtime/limits.ts';
import { EXECUTION_MODES } from '../markdown/example-meta.ts';

// zod compiles fast parsers with `new Function` when it may; under the site's policy (no
// 'unsafe-eval') even its probe is reported as a violation. These payloads are small: interpret them.
z.config({ jitless: true });

const sqlText = z.string().max(MAX_FILE_BYTES);
const id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id has letters, digits, - and _ only');
// Besides one batch and statement by statement, an example may run as a Prisma version runs it.
const mode = z.enum(EXECUTION_MODES);

const SharedStateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('example'), id, sql: sqlText, mode: mode.optional() }),
  z.strictObject({ kind: z.literal('playground'), setup: sqlText, sql: sqlText, mode }),
  z.strictObject({
    kind: z.literal('check'),
    sql: sqlText,
    migrations: z
      .array(z.strictObject({ name: z.string().min(1).max(300), sql: sqlText }))
      .max(500)
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('lab'),
    id,
    files: z
      .array(z.strictObject({ path: z.string().min(1).max(300), content: sqlText }))
      .min(1)
      .max(200),
  }),
]);

export type SharedState = z.infer<typeof SharedStateSchema>;
export type SharedKind = SharedState['kind'];

/** One sentence on the first thing wrong with a decoded payload. */
function explain(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'its content is not a shared edit.';
  const where = issue.path.length ? ` (at ${issue.path.map(String).join('.')})` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `it carries fields this guide never writes (${issue.keys.join(', ')}).`;
    case 'too_big':
      return `part of it is larger than any shared edit may be${where}.`;
    case 'invalid_union':
    case 'invalid_value':
      return issue.path[0] === 'kind' || issue.path.length === 0
        ? 'it shares something this page does not know.'
        : `a value is not one this guide writes${where}.`;
    default:
      return `its content is not a shared edit${where}.`;
  }
}

/** The payload as a SharedState, or one sentence on what is wrong with it. */
export function validateShared(payload: unknown): { state: SharedState } | string {
  const parsed = SharedStateSchema.safeParse(payload);
  return parsed.success ? { state: parsed.data } : explain(parsed.error);
}
