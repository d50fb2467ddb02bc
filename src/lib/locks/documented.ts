/**
 * Locks of statements that refuse to run inside a transaction block (CREATE/DROP INDEX
 * CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, …). The tracer cannot hold their locks still to read
 * them, so it runs them as the Run does and reports what the PostgreSQL documentation says they
 * take, marked as such. Which relations they touched comes from the catalog before and after
 * (a new index, a dropped one, a rebuilt one) and, where the catalog does not show it, from the
 * names in the statement.
 */
import type { LockMode } from './lock-modes.ts';
import type { RelationFile, Snapshot } from './snapshot.ts';

export interface DocumentedLocks {
  locks: { relation: string; mode: LockMode }[];
  note: string;
}

export const DOCUMENTED = 'from the PostgreSQL docs, not observed';

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;

/** The statement's words with comments removed and spaces collapsed, for matching its form. */
export function statementHead(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A name as written ("Post", public.post, audit."Log") → as the snapshot names it. */
export function normalizeName(written: string): string {
  const parts = written.match(new RegExp(IDENT, 'g')) ?? [];
  const plain = parts.map((part) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase()));
  if (plain.length === 2 && plain[0] === 'public') return plain[1] as string;
  return plain.join('.');
}

function tableOf(relation: RelationFile, snapshot: Snapshot): string | undefined {
  return relation.tableOid ? snapshot.relations.get(relation.tableOid)?.name : undefined;
}

function byName(snapshot: Snapshot, name: string): RelationFile | undefined {
  for (const relation of snapshot.relations.values()) if (relation.name === name && !relation.kind.startsWith('toast')) return relation;
  return undefined;
}

const isIndex = (relation: RelationFile) => relation.kind === 'i' || relation.kind === 'I';

const WAITS =
  'it runs as several transactions and waits for every transaction that could still use the table to finish, so a long-running transaction elsewhere holds it up';

export function documentedLocks(sql: string, before: Snapshot, after: Snapshot): DocumentedLocks {
  const head = statementHead(sql);
  const locks: DocumentedLocks['locks'] = [];
  const add = (relation: string | undefined, mode: LockMode) => {
    if (relation && !locks.some((lock) => lock.relation === relation && lock.mode === mode)) locks.push({ relation, mode });
  };

  if (/^CREATE (UNIQUE )?INDEX CONCURRENTLY\b/i.test(head)) {
    const created = [...after.relations.values()].filter((relation) => isIndex(relation) && !before.relations.has(relation.oid));
    for (const index of created) add(tableOf(index, after), 'ShareUpdateExclusiveLock');
    if (locks.length === 0)
      add(writtenTable(head, new RegExp(String.raw`\bON (?:ONLY )?(${QUALIFIED})`, 'i'), before), 'ShareUpdateExclusiveLock');
    return {
      locks,
      note: `SHARE UPDATE EXCLUSIVE on the table while the index is built: reads and writes go on; ${WAITS} (${DOCUMENTED})`,
    };
  }
  if (/^DROP INDEX CONCURRENTLY\b/i.test(head)) {
    const dropped = [...before.relations.values()].filter((relation) => isIndex(relation) && !after.relations.has(relation.oid));
    for (const index of dropped) add(tableOf(index, before), 'ShareUpdateExclusiveLock');
    if (locks.length === 0) {
      const index = writtenRelation(head, new RegExp(String.raw`^DROP INDEX CONCURRENTLY (?:IF EXISTS )?(${QUALIFIED})`, 'i'), before);
      if (index) add(tableOf(index, before), 'ShareUpdateExclusiveLock');
    }
    return { locks, note: `SHARE UPDATE EXCLUSIVE on the table: reads and writes go on; ${WAITS} (${DOCUMENTED})` };
  }
  if (/^REINDEX\b.*\bCONCURRENTLY\b/i.test(head)) {
    const target = writtenRelation(head, new RegExp(String.raw`\b(?:INDEX|TABLE) (?:CONCURRENTLY )?(${QUALIFIED})`, 'i'), before);
    const table = target && (isIndex(target) ? before.relations.get(target.tableOid ?? '') : target);
    if (table) {
      add(table.name, 'ShareUpdateExclusiveLock');
      for (const relation of before.relations.values())
        if (isIndex(relation) && relation.tableOid === table.oid && (target === table || relation === target))
          add(relation.name, 'ShareUpdateExclusiveLock');
    }
    return {
      locks,
      note: `SHARE UPDATE EXCLUSIVE on the table and its indexes while they are rebuilt: reads and writes go on; ${WAITS} (${DOCUMENTED})`,
    };
  }
  if (/^VACUUM\b/i.test(head)) {
    const full = /^VACUUM (?:\([^)]*\bFULL\b(?! (?:false|off|0)\b)[^)]*\)|(?:FREEZE |VERBOSE )*FULL\b)/i.test(head);
    const mode: LockMode = full ? 'AccessExclusiveLock' : 'ShareUpdateExclusiveLock';
    const list = head.replace(/^VACUUM (?:\([^)]*\) ?)?(?:(?:FULL|FREEZE|VERBOSE|ANALYZE|ANALYSE) )*/i, '').replace(/;$/, '');
    const tables = list
      .replace(/\([^)]*\)/g, '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => new RegExp(`^${QUALIFIED}$`).test(part));
    for (const written of tables) add(byName(before, normalizeName(written))?.name, mode);
    const which = tables.length > 0 ? 'each table named' : 'every table in the database, one at a time';
    return {
      locks,
      note: full
        ? `ACCESS EXCLUSIVE on ${which} while it is rewritten: every read and write waits (${DOCUMENTED})`
        : `SHARE UPDATE EXCLUSIVE on ${which}: reads and writes go on, schema changes wait (${DOCUMENTED})`,
    };
  }
  return {
    locks,
    note: 'runs only outside a transaction block (or manages its own transactions), so its locks could not be read, and the tracer knows no documented lock for it',
  };
}

function writtenRelation(head: string, pattern: RegExp, snapshot: Snapshot): RelationFile | undefined {
  const written = pattern.exec(head)?.[1];
  return written ? byName(snapshot, normalizeName(written)) : undefined;
}

function writtenTable(head: string, pattern: RegExp, snapshot: Snapshot): string | undefined {
  return writtenRelation(head, pattern, snapshot)?.name;
}
