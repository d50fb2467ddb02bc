import { describe, expect, it } from 'vitest';
import {
  LOCK_MODES,
  blocks,
  conflictingModes,
  conflicts,
  describeBlocks,
  describeWaiting,
  isLockMode,
  strongest,
  type LockMode,
} from '../../../src/lib/locks/lock-modes.ts';

// The manual's conflict table, row by row, written as the X marks read in the manual (column order =
// LOCK_MODES): an independent transcription to check the module's table against.
const MANUAL: Record<LockMode, string> = {
  AccessShareLock: '.......X',
  RowShareLock: '......XX',
  RowExclusiveLock: '....XXXX',
  ShareUpdateExclusiveLock: '...XXXXX',
  ShareLock: '..XX.XXX',
  ShareRowExclusiveLock: '..XXXXXX',
  ExclusiveLock: '.XXXXXXX',
  AccessExclusiveLock: 'XXXXXXXX',
};

describe('the conflict table', () => {
  it.each(LOCK_MODES.map((mode) => [mode] as const))('%s conflicts exactly as the manual marks', (mode) => {
    const marks = LOCK_MODES.map((other) => (conflicts(mode, other) ? 'X' : '.')).join('');
    expect(marks).toBe(MANUAL[mode]);
  });

  it('is symmetric: if A blocks B then B blocks A', () => {
    for (const a of LOCK_MODES) for (const b of LOCK_MODES) expect(conflicts(a, b), `${a} vs ${b}`).toBe(conflicts(b, a));
  });

  it('spot checks from the manual prose', () => {
    // "Only an ACCESS EXCLUSIVE lock blocks a SELECT (without FOR UPDATE/SHARE) statement."
    expect(LOCK_MODES.filter((mode) => conflicts(mode, 'AccessShareLock'))).toEqual(['AccessExclusiveLock']);
    // SHARE UPDATE EXCLUSIVE is self-conflicting (two VACUUMs or two CREATE INDEX CONCURRENTLY on one table).
    expect(conflicts('ShareUpdateExclusiveLock', 'ShareUpdateExclusiveLock')).toBe(true);
    // SHARE is not self-conflicting (two CREATE INDEX on one table at once) but blocks writers.
    expect(conflicts('ShareLock', 'ShareLock')).toBe(false);
    expect(conflicts('ShareLock', 'RowExclusiveLock')).toBe(true);
    // ROW EXCLUSIVE does not conflict with itself: concurrent writers are fine at table level.
    expect(conflicts('RowExclusiveLock', 'RowExclusiveLock')).toBe(false);
    // EXCLUSIVE allows only concurrent ACCESS SHARE: reads go on.
    expect(LOCK_MODES.filter((mode) => !conflicts('ExclusiveLock', mode))).toEqual(['AccessShareLock']);
    expect(conflictingModes('AccessExclusiveLock')).toHaveLength(8);
  });
});

describe('what a lock blocks, in words', () => {
  it('maps every mode to reads,writes / writes / ddl', () => {
    expect(Object.fromEntries(LOCK_MODES.map((mode) => [mode, blocks(mode)]))).toEqual({
      AccessShareLock: 'ddl',
      RowShareLock: 'ddl',
      RowExclusiveLock: 'ddl',
      ShareUpdateExclusiveLock: 'ddl',
      ShareLock: 'writes',
      ShareRowExclusiveLock: 'writes',
      ExclusiveLock: 'writes',
      AccessExclusiveLock: 'reads,writes',
    });
  });

  it('says what goes on and what stops', () => {
    expect(describeBlocks('AccessExclusiveLock', 'Post')).toMatch(/every read and every write of Post/);
    expect(describeBlocks('ShareLock', 'Post')).toMatch(/INSERT, UPDATE and DELETE on Post.*SELECTs go on/);
    expect(describeBlocks('ShareUpdateExclusiveLock', 'Post')).toMatch(/VACUUM/);
    expect(describeBlocks('RowExclusiveLock', 'Post')).toMatch(/CREATE INDEX/);
    expect(describeBlocks('AccessShareLock', 'Post')).not.toMatch(/CREATE INDEX/);
  });

  it('explains the lock queue for ACCESS EXCLUSIVE: a waiting request already blocks later readers', () => {
    expect(describeWaiting('AccessExclusiveLock', 'Post')).toMatch(/reads included/);
    expect(describeWaiting('ShareLock', 'Post')).toMatch(/reads are not held up/);
  });

  it('knows its names and orders by strength', () => {
    expect(isLockMode('AccessExclusiveLock')).toBe(true);
    expect(isLockMode('ExclusiveLock ')).toBe(false);
    expect(strongest(['RowShareLock', 'ShareRowExclusiveLock', 'AccessShareLock'])).toBe('ShareRowExclusiveLock');
    expect(strongest([])).toBeUndefined();
  });
});
