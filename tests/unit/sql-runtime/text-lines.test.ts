import { describe, expect, it } from 'vitest';
import { lineAt, lineIndex } from '../../../src/lib/sql-runtime/text-lines.ts';

describe('line of an offset', () => {
  const text = 'a\nbc\n\nd';
  it('is 1 + the newlines before the offset, the newline itself on its own line', () => {
    expect([0, 1, 2, 4, 5, 6, 7].map((offset) => lineAt(text, offset))).toEqual([1, 1, 2, 2, 3, 4, 4]);
  });
  it('clamps before the start and past the end', () => {
    const line = lineIndex(text);
    expect([line(-3), line(99)]).toEqual([1, 4]);
  });
  it('agrees with counting the newlines, on a long text asked many times', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `SELECT ${i};`).join('\n');
    const line = lineIndex(long);
    for (const offset of [0, 17, 999, 5000, long.length - 1]) expect(line(offset)).toBe(long.slice(0, offset).split('\n').length);
  });
});
