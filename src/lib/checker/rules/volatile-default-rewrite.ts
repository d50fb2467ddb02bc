/**
 * ADD COLUMN with a default PostgreSQL must compute per row (a volatile function, a serial or
 * identity column, a stored generated column): the table is rewritten. A constant or now() is
 * stored once in the catalog (PostgreSQL 11+) and costs nothing. With a trace, the observed
 * rewrites decide.
 */
import { columnsAddedToExisting, constraintTypes, isSerial, quote, rewritePhrase, rowsClause, walk } from './tree.ts';
import type { PgNode, Rule, RuleInfo, RuleHit } from './types.ts';

/** Volatile built-ins a migration plausibly uses as a default; an unknown function is not guessed at. */
// Marked pure so the /check page, which imports only the descriptions, drops it.
const VOLATILE = /* @__PURE__ */ new Set([
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
  'gen_random_bytes',
]);

function volatileReason(column: PgNode, postgresMajor: number): string | undefined {
  if (isSerial(column)) return 'a serial column fills every row from its sequence';
  const constraints = ((column.constraints as PgNode[] | undefined) ?? []).map((c) => c.Constraint as PgNode);
  const types = constraintTypes(column);
  if (types.includes('CONSTR_IDENTITY')) return 'an identity column fills every row from its sequence';
  if (types.includes('CONSTR_GENERATED')) return 'a stored generated column is computed for every row';
  const fallback = constraints.find((c) => c?.contype === 'CONSTR_DEFAULT');
  if (!fallback) return undefined;
  if (postgresMajor < 11) return `PostgreSQL ${postgresMajor} writes any non-null default into every row`;
  for (const node of walk(fallback.raw_expr)) {
    const names = ((node.FuncCall as PgNode | undefined)?.funcname as PgNode[] | undefined) ?? [];
    const name = String((names.at(-1)?.String as PgNode | undefined)?.sval ?? '').toLowerCase();
    if (VOLATILE.has(name)) return `${name}() is volatile, so each row gets its own value`;
  }
  return undefined;
}

export const volatileDefaultRewriteInfo: RuleInfo = {
  id: 'volatile-default-rewrite',
  severity: 'warning',
  title: 'ADD COLUMN with a volatile default rewrites the table',
  why: 'A default computed per row (gen_random_uuid(), random(), clock_timestamp(), a serial or identity) makes ADD COLUMN rewrite the whole table under ACCESS EXCLUSIVE. A constant or now() does not.',
  safe: 'Add the column without a default (or with a constant), set the default with ALTER COLUMN … SET DEFAULT (new rows only), then backfill existing rows in batches.',
  section: '/guide/rewrites-and-renames/#defaults-constant-or-volatile',
  example: '/guide/rewrites-and-renames/#ex-locks-default-volatile',
};

export const volatileDefaultRewrite: Rule = {
  ...volatileDefaultRewriteInfo,
  check(context): RuleHit[] {
    return columnsAddedToExisting(context).flatMap(({ table, column }) => {
      // A traced rewrite counts even when the default is not one this rule knows (a user function).
      const reason =
        volatileReason(column, context.postgresMajor) ?? (context.observed ? 'its default is computed for every row' : undefined);
      if (!reason) return [];
      const rewrite = rewritePhrase(context, table);
      if (!rewrite) return [];
      return [
        {
          message: `ADD COLUMN ${quote(String(column.colname))} ${rewrite} under ACCESS EXCLUSIVE: ${reason}. ${rowsClause(context, table)}`,
          location: column.location as number | undefined,
        },
      ];
    });
  },
};
