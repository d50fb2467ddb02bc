/**
 * One look at the catalog from inside the traced session: the relation locks this backend holds
 * right now, and the storage file (relfilenode) of every user relation. One query, so a trace costs
 * one round trip per statement.
 *
 * Names are what a reader writes: `Post` for public."Post", `audit.log` for another schema. A TOAST
 * table and its index carry their owner's name, since a reader never names them but their rewrite
 * is part of the owner's.
 */
import { query, type ProtocolDatabase } from '../sql-runtime/wire.ts';
import { isLockMode, type LockMode } from './lock-modes.ts';

export interface RelationFile {
  oid: string;
  name: string;
  /** 0 for relations without storage of their own (views, partitioned tables). */
  relfilenode: string;
  /** 'r' table, 'i' index, 'S' sequence, … (pg_class.relkind); 'toast' and 'toast index' for TOAST parts. */
  kind: string;
  /** For an index (or a TOAST part): the table it belongs to. */
  tableOid?: string;
}

export interface HeldLock {
  oid: string;
  mode: LockMode;
}

export interface Snapshot {
  relations: Map<string, RelationFile>;
  locks: HeldLock[];
}

// Every name is qualified with pg_catalog, so a reader's own search_path or objects cannot change the
// answer. Temporary schemas show as the bare name, as the reader wrote it; prisma_lab_* schemas belong to
// the Prisma labs, which share the tab's database but are never traced.
const SNAPSHOT_SQL = `
WITH user_rel AS (
  SELECT c.oid, c.relkind::text AS kind, c.relfilenode, c.reltoastrelid, i.indrelid,
         CASE WHEN n.nspname = 'public' OR n.nspname LIKE 'pg\\_temp\\_%' THEN c.relname::text
              ELSE n.nspname || '.' || c.relname END AS name
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%' AND n.nspname NOT LIKE 'prisma\\_lab\\_%'
), toast_part AS (
  SELECT t.oid, u.name, t.relfilenode, u.oid AS owner, 'toast' AS kind FROM user_rel u JOIN pg_catalog.pg_class t ON t.oid = u.reltoastrelid
  UNION ALL
  SELECT ti.indexrelid, u.name, tic.relfilenode, u.oid, 'toast index'
  FROM user_rel u JOIN pg_catalog.pg_index ti ON ti.indrelid = u.reltoastrelid JOIN pg_catalog.pg_class tic ON tic.oid = ti.indexrelid
)
SELECT 'rel', oid::text, name, relfilenode::text, kind, indrelid::text FROM user_rel
UNION ALL
SELECT 'rel', oid::text, name, relfilenode::text, kind, owner::text FROM toast_part
UNION ALL
SELECT 'lock', relation::text, NULL, NULL, mode, NULL FROM pg_catalog.pg_locks
WHERE locktype = 'relation' AND pid = pg_catalog.pg_backend_pid() AND granted`;

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export async function takeSnapshot(db: ProtocolDatabase): Promise<Snapshot> {
  const reply = await query(db, SNAPSHOT_SQL, Number.MAX_SAFE_INTEGER);
  if (reply.error) throw new SnapshotError(`Could not read the locks: ${reply.error.message}`);
  const relations = new Map<string, RelationFile>();
  const locks: HeldLock[] = [];
  for (const [what, oid, name, relfilenode, kind, tableOid] of reply.statements[0]?.result?.rows ?? []) {
    if (!oid || !kind) continue;
    if (what === 'rel' && name !== null && name !== undefined) {
      relations.set(oid, { oid, name, relfilenode: relfilenode ?? '0', kind, ...(tableOid ? { tableOid } : {}) });
    } else if (what === 'lock' && isLockMode(kind)) {
      locks.push({ oid, mode: kind });
    }
  }
  return { relations, locks };
}

/**
 * Relations whose storage was replaced between two snapshots: a table or index rewritten (ALTER
 * COLUMN TYPE, a volatile default, VACUUM FULL, TRUNCATE) or rebuilt under a new oid with the same
 * name (an index that ALTER COLUMN TYPE or REINDEX CONCURRENTLY recreated). A recreated index that
 * kept its file (a binary-compatible type change) is not a rewrite.
 */
export function rewrittenBetween(before: Snapshot, after: Snapshot): string[] {
  const rewritten = new Set<string>();
  const unmatched = new Map<string, RelationFile[]>();
  for (const relation of before.relations.values()) {
    const now = after.relations.get(relation.oid);
    if (now) {
      if (changedFile(relation, now)) rewritten.add(now.name);
    } else {
      const key = `${relation.kind}:${relation.name}`;
      unmatched.set(key, [...(unmatched.get(key) ?? []), relation]);
    }
  }
  for (const relation of after.relations.values()) {
    if (before.relations.has(relation.oid)) continue;
    const previous = unmatched.get(`${relation.kind}:${relation.name}`)?.shift();
    if (previous && changedFile(previous, relation)) rewritten.add(relation.name);
  }
  return [...rewritten].sort();
}

function changedFile(before: RelationFile, after: RelationFile): boolean {
  return before.relfilenode !== '0' && after.relfilenode !== '0' && before.relfilenode !== after.relfilenode;
}
