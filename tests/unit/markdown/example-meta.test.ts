import { describe, expect, it } from 'vitest';
import { describeExpectation, describeExpectations } from '../../../src/lib/markdown/example-meta.ts';
import { parseExampleMeta } from '../../../src/lib/markdown/parse-example-meta.ts';

describe('parseExampleMeta', () => {
  it('reads every key, with defaults for the optional ones', () => {
    expect(parseExampleMeta('id=add-twice setup=users,posts mode=statements expect="ok 42701" timeout=5000 title="Naive add"')).toEqual({
      id: 'add-twice',
      setup: ['users', 'posts'],
      mode: 'statements',
      expect: ['ok', '42701'],
      timeoutMs: 5000,
      continueOnError: false,
      tools: [],
      title: 'Naive add',
    });
    expect(parseExampleMeta('id=x expect=ok')).toEqual({
      id: 'x',
      setup: [],
      mode: 'batch',
      expect: ['ok'],
      timeoutMs: 10_000,
      continueOnError: false,
      tools: [],
    });
    expect(parseExampleMeta('id=x expect=ok tools=pg_dump').tools).toEqual(['pg_dump']);
    expect(parseExampleMeta('id=x mode=statements onerror=continue expect=25P02').continueOnError).toBe(true);
  });

  it.each([
    ['expect=ok', /stable id/],
    ['id=Bad_Id expect=ok', /kebab-case/],
    ['id=x', /needs expect/],
    ['id=x expect="ok boom"', /"boom"/],
    ['id=x expect=ok mode=parallel', /mode "parallel"/],
    ['id=x expect=ok colour=red', /unknown key "colour"/],
    ['id=x expect=ok timeout=5', /between 100 and 120000/],
    ['id=x id=y expect=ok', /given twice/],
    ['id=x expect=ok stray', /not a key=value pair/],
    ['id=x expect=ok onerror=continue', /needs mode=statements/],
    ['id=x expect=ok tools=pg_restore', /unknown tool "pg_restore"/],
    ['id=x expect=ok mode=statements onerror=maybe', /"stop" or "continue"/],
  ])('rejects %s with a message that says how to fix it', (meta, message) => {
    expect(() => parseExampleMeta(meta)).toThrow(message);
  });
});

describe('describeExpectation', () => {
  it('words outcomes per Run', () => {
    expect(describeExpectation(['ok', '42P07'])).toBe('1st Run succeeds; 2nd Run fails with 42P07');
  });
});

describe('examples run as Prisma runs them', () => {
  it('mode=prisma starts on the default version and keeps outcomes per version', () => {
    const meta = parseExampleMeta('id=x mode=prisma expect="ok 42701" expect-7-3="25001 25001"');
    expect(meta.mode).toBe('prisma-7.4');
    expect(meta.expectByTarget).toEqual({ '7.4': ['ok', '42701'], '7.3': ['25001', '25001'] });
    expect(describeExpectations(meta)).toBe(
      'Prisma 7.4+ (7.10): 1st Run succeeds; 2nd Run fails with 42701 · Prisma ≤ 7.3: 1st Run fails with 25001; 2nd Run fails with 25001',
    );
  });

  it('a version without its own outcomes shares expect; mode=prisma-7.3 starts on 7.3', () => {
    expect(parseExampleMeta('id=x mode=prisma expect="42P01"').expectByTarget).toEqual({ '7.4': ['42P01'], '7.3': ['42P01'] });
    expect(parseExampleMeta('id=x mode=prisma-7.3 expect="25001" expect-7-4="ok"').expectByTarget).toEqual({
      '7.4': ['ok'],
      '7.3': ['25001'],
    });
  });

  it.each([
    ['id=x mode=prisma expect=ok expect-7-3="ok ok"', /as many Runs as expect/],
    ['id=x mode=prisma expect=ok expect-7-4=ok', /repeats expect/],
    ['id=x mode=batch expect=ok expect-7-3=ok', /needs mode=prisma/],
    ['id=x mode=prisma-6.0 expect=ok', /mode "prisma-6.0"/],
  ])('rejects %s', (meta, message) => {
    expect(() => parseExampleMeta(meta)).toThrow(message);
  });
});
