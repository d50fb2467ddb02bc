import { describe, expect, it } from 'vitest';
import { describeVersionDifference, expectedOn, PAGE_PG_MAJOR } from '../../../src/lib/markdown/example-meta.ts';
import { parseExampleMeta } from '../../../src/lib/markdown/parse-example-meta.ts';

describe('expectations per PostgreSQL major', () => {
  it('reads expect-pgNN beside expect, and each server is held to its own', () => {
    const meta = parseExampleMeta('id=enum expect="ok 42710" expect-pg15="55P04 55P04"');
    expect(meta.expectByMajor).toEqual({ 15: ['55P04', '55P04'] });
    expect(expectedOn(meta, 15)).toEqual(['55P04', '55P04']);
    expect(expectedOn(meta, 16)).toEqual(['ok', '42710']);
    expect(expectedOn(meta, PAGE_PG_MAJOR)).toEqual(['ok', '42710']);
  });

  it('an example without one has no version line', () => {
    const meta = parseExampleMeta('id=x expect=ok');
    expect(meta.expectByMajor).toBeUndefined();
    expect(describeVersionDifference(meta)).toBeUndefined();
  });

  it('says both outcomes in one line, older major first', () => {
    const meta = parseExampleMeta('id=x expect="ok" expect-pg16="55P04" expect-pg15="55P04"');
    expect(describeVersionDifference(meta)).toBe(
      `PostgreSQL 15: 55P04 · PostgreSQL 16: 55P04 · PostgreSQL ${PAGE_PG_MAJOR} (this page): ok`,
    );
  });

  it("refuses a mismatched number of Runs, a bad outcome, and the page's own major", () => {
    expect(() => parseExampleMeta('id=x expect="ok ok" expect-pg15="55P04"')).toThrow(/as many Runs as expect \(2\)/);
    expect(() => parseExampleMeta('id=x expect="ok" expect-pg15="oops"')).toThrow(/must be "ok" or a 5-character SQLSTATE/);
    expect(() => parseExampleMeta(`id=x expect="ok" expect-pg${PAGE_PG_MAJOR}="ok"`)).toThrow(/page's own version/);
    expect(() => parseExampleMeta('id=x expect="ok" expect-pg9="ok"')).toThrow(/unknown key "expect-pg9"/);
  });
});
