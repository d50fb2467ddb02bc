/**
 * PostgreSQL's eight table-level lock modes and the conflict table between them ("Conflicting Lock
 * Modes" in the manual's chapter on explicit locking), plus what each one means for the other
 * sessions of a running application. This module is the only place that knows the table: the
 * tracer, the checker and the pages ask it.
 */

/** The names pg_locks.mode uses, weakest first (the manual's order). */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** What a held lock stops other sessions from doing, in the three degrees a reader cares about. */
export type Blocks = 'reads,writes' | 'writes' | 'ddl';

// Each row lists the modes that cannot be granted to another transaction while this one is held.
// The relation is symmetric; the test checks that, so a typo in one row cannot hide.
const CONFLICTS: Record<LockMode, readonly LockMode[]> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: [
    'RowExclusiveLock',
    'ShareUpdateExclusiveLock',
    'ShareLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  ExclusiveLock: [
    'RowShareLock',
    'RowExclusiveLock',
    'ShareUpdateExclusiveLock',
    'ShareLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  AccessExclusiveLock: LOCK_MODES,
};

/** The SQL spelling (LOCK TABLE … IN <mode> MODE), which the manual's prose uses. */
export const SQL_NAMES: Record<LockMode, string> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};

/** Typical statements that take each mode, so a reader can place an unfamiliar name. */
export const TAKEN_BY: Record<LockMode, string> = {
  AccessShareLock: 'SELECT, and any statement that only reads the table',
  RowShareLock: 'SELECT … FOR UPDATE / FOR SHARE, and the check a foreign key makes on the table it references',
  RowExclusiveLock: 'INSERT, UPDATE, DELETE and MERGE',
  ShareUpdateExclusiveLock: 'VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT and some ALTER TABLE forms',
  ShareLock: 'CREATE INDEX without CONCURRENTLY',
  ShareRowExclusiveLock: 'CREATE TRIGGER and adding a foreign key (on both tables)',
  ExclusiveLock: 'REFRESH MATERIALIZED VIEW CONCURRENTLY',
  AccessExclusiveLock: 'DROP, TRUNCATE, most ALTER TABLE forms, VACUUM FULL, CLUSTER, REINDEX and LOCK TABLE without a mode',
};

export function isLockMode(value: string): value is LockMode {
  return (LOCK_MODES as readonly string[]).includes(value);
}

/** True when another transaction cannot get `requested` while `held` is held. */
export function conflicts(held: LockMode, requested: LockMode): boolean {
  return CONFLICTS[held].includes(requested);
}

/** Modes that `mode` keeps other transactions from getting. */
export function conflictingModes(mode: LockMode): readonly LockMode[] {
  return CONFLICTS[mode];
}

/**
 * What holding `mode` stops: a plain SELECT takes AccessShareLock and a write RowExclusiveLock, so
 * the degree follows from the table instead of being listed a second time.
 */
export function blocks(mode: LockMode): Blocks {
  if (conflicts(mode, 'AccessShareLock')) return 'reads,writes';
  if (conflicts(mode, 'RowExclusiveLock')) return 'writes';
  return 'ddl';
}

export function strongest(modes: Iterable<LockMode>): LockMode | undefined {
  let best: LockMode | undefined;
  for (const mode of modes) if (!best || LOCK_MODES.indexOf(mode) > LOCK_MODES.indexOf(best)) best = mode;
  return best;
}

/** One sentence for a reader: what other sessions cannot do on `relation` while the lock is held. */
export function describeBlocks(mode: LockMode, relation: string): string {
  switch (blocks(mode)) {
    case 'reads,writes':
      return `Blocks every read and every write of ${relation} until the transaction ends.`;
    case 'writes':
      return `Blocks INSERT, UPDATE and DELETE on ${relation} until the transaction ends; plain SELECTs go on.`;
    case 'ddl':
      if (conflicts(mode, 'ShareUpdateExclusiveLock'))
        return `Blocks only schema changes, CREATE INDEX (even CONCURRENTLY), VACUUM and ANALYZE on ${relation}; reads and writes go on.`;
      if (conflicts(mode, 'ShareLock')) return `Blocks only schema changes and CREATE INDEX on ${relation}; reads and writes go on.`;
      return `Blocks only schema changes such as ALTER TABLE, DROP and TRUNCATE on ${relation}; reads and writes go on.`;
  }
}

/**
 * Lock requests queue in arrival order: a request that waits also holds up every later request
 * that conflicts with it. For ACCESS EXCLUSIVE that is everything, so a migration waiting behind
 * one long SELECT already stops all new reads of the table.
 */
export function describeWaiting(mode: LockMode, relation: string): string {
  switch (blocks(mode)) {
    case 'reads,writes':
      return `While this request waits for a lock someone else holds on ${relation}, every later query on ${relation} — reads included — queues behind it.`;
    case 'writes':
      return `While this request waits, later writes to ${relation} queue behind it; reads are not held up.`;
    case 'ddl':
      return `While this request waits, only later schema changes on ${relation} queue behind it.`;
  }
}
