/**
 * Names over 63 bytes: PostgreSQL truncates them (NAMEDATALEN - 1) with only a NOTICE, so the
 * database's name differs from the one in schema.prisma and Prisma sees drift. The parse tree
 * already holds the truncated name, so this rule reads the statement's tokens: a cheap text pass
 * finds long words, and only then the scanner says whether one is an identifier (not a string or
 * a comment). Each long name is reported once per file.
 */
import type { Rule, RuleInfo, RuleHit } from './types.ts';

const MAX_BYTES = 63;
// Marked pure so the /check page, which imports only the descriptions, drops them.
const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();
// A 64-byte name has at least 16 characters (4 bytes each at most).
const LONG_WORD = /"(?:[^"]|""){16,}"|[\p{L}_][\p{L}\p{N}_$]{15,}/gu;

const byteLength = (text: string) => encoder.encode(text).length;
const unquote = (token: string) => (token.startsWith('"') ? token.slice(1, -1).replace(/""/g, '"') : token.toLowerCase());

export const identifierTooLongInfo: RuleInfo = {
  id: 'identifier-too-long',
  severity: 'warning',
  title: 'Identifier longer than 63 bytes',
  why: 'PostgreSQL silently cuts names to 63 bytes: the table, column, index or constraint gets a different name than the migration and the Prisma schema say, and the next diff reports drift (or two names collide once cut).',
  safe: 'Choose a shorter name, or give Prisma an explicit one with map: "…" (@@index, @@unique, @relation) or @map / @@map.',
  section: '/guide/overview/#drift-in-practice',
  example: '/guide/overview/#ex-overview-schema-drift',
};

export const identifierTooLong: Rule = {
  ...identifierTooLongInfo,
  check({ statement, migration, pg }): RuleHit[] {
    const candidates = [...statement.sql.matchAll(LONG_WORD)].filter((m) => byteLength(unquote(m[0])) > MAX_BYTES);
    if (candidates.length === 0) return [];
    const seen = migration.memo('long-identifiers', () => new Set<string>());
    const bytes = encoder.encode(statement.sql);
    const hits: RuleHit[] = [];
    for (const token of pg.scan(statement.sql).tokens) {
      if (token.tokenName !== 'IDENT') continue;
      const name = unquote(token.text);
      const size = byteLength(name);
      if (size <= MAX_BYTES || seen.has(name)) continue;
      seen.add(name);
      const line = statement.line + (decoder.decode(bytes.slice(0, token.start)).match(/\n/g)?.length ?? 0);
      hits.push({
        line,
        message: `"${name}" is ${size} bytes; PostgreSQL keeps only the first ${MAX_BYTES}, so the database's name differs from the one written here.`,
      });
    }
    return hits;
  },
};
