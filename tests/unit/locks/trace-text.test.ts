import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strongestPerRelation, traceText } from '../../../src/lib/locks/trace-text.ts';
import { traceScript } from '../../../src/lib/locks/trace.ts';
import { runScript } from '../../../src/lib/sql-runtime/session.ts';
import { setupWithRows } from './migration-fixture.ts';

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  const setup = await runScript(db, setupWithRows(100), { mode: 'batch', maxRows: 0 });
  if (!setup.ok) throw new Error(setup.error?.message);
});
afterAll(() => db.close());

describe('a trace in words', () => {
  it('says, per relation, the strongest lock, who took it and what it blocks, the rewrites and the lock queue', async () => {
    const trace = await traceScript(
      db,
      `ALTER TABLE "Post" ALTER COLUMN views TYPE bigint;\nCREATE INDEX "Post_title_idx" ON "Post" (title);\nALTER TABLE "Post" ADD CONSTRAINT fk FOREIGN KEY ("authorId") REFERENCES "User"(id);\nSELECT 1/0;\nSELECT 2;`,
      { mode: 'batch' },
    );
    const text = traceText(trace);
    expect(text).toContain('line 1: ALTER TABLE "Post" ALTER COLUMN views TYPE bigint; — ok');
    expect(text).toContain('  Post: ACCESS EXCLUSIVE (taken here) — blocks reads and writes');
    expect(text).toContain('  rewrites: Post, Post_pkey');
    // Statement 2's own SHARE lock is weaker than the ACCESS EXCLUSIVE still held from line 1.
    expect(text).toContain('line 2: CREATE INDEX "Post_title_idx" ON "Post" (title); — ok');
    expect(text.split('\n').filter((line) => line.startsWith('  Post: ACCESS EXCLUSIVE (held since line 1)'))).toHaveLength(2);
    expect(text).toContain('  User: SHARE ROW EXCLUSIVE (taken here) — blocks writes');
    expect(text).toContain('line 4: SELECT 1/0; — failed (22012)');
    expect(text).toContain('line 5: SELECT 2; — not run');
    expect(text).toMatch(/Lock queue: .*every later query on Post — reads included/);
    expect(text).toMatch(/rolled back\.$/);
  });

  it('marks documented locks as not observed', async () => {
    const trace = await traceScript(db, `CREATE INDEX CONCURRENTLY "Post_views_idx" ON "Post" (views);`, { mode: 'statements' });
    expect(traceText(trace)).toContain('  Post: SHARE UPDATE EXCLUSIVE (documented, not observed) — blocks other schema changes only');
    expect(traceText(trace)).toMatch(/committed as the Run commits\.$/);
  });

  it('keeps the strongest lock of each relation', () => {
    const lock = (relation: string, mode: 'AccessShareLock' | 'ShareLock' | 'AccessExclusiveLock') =>
      ({ relation, mode, blocks: 'ddl', acquired: true, sinceLine: 1, source: 'observed' }) as const;
    expect(
      strongestPerRelation([lock('a', 'AccessShareLock'), lock('b', 'ShareLock'), lock('a', 'AccessExclusiveLock')]).map(
        (l) => `${l.relation} ${l.mode}`,
      ),
    ).toEqual(['a AccessExclusiveLock', 'b ShareLock']);
  });
});
