import { describe, expect, it } from 'vitest';
import { chapterStats } from '../../../src/lib/guide/chapter-stats.ts';
import { practiceNumber } from '../../../src/lib/guide/navigation.ts';

describe('chapterStats', () => {
  it('counts live blocks and labs as the page builds them, not other code', () => {
    const mdx = [
      'Some prose here.',
      '```sql id=a expect=ok\nSELECT 1;\n```',
      '```bash\nnpx prisma migrate deploy\n```',
      '```javascript\nconsole.log(1)\n```',
      '```javascript id=s expect=ok\nprocess.exit(0)\n```',
      '<PrismaLab preset="baseline" />',
      '<Tip>not a lab</Tip>',
    ].join('\n\n');
    expect(chapterStats(mdx)).toMatchObject({ liveExamples: 2, labs: 1 });
  });

  it('reading time grows with the prose and the examples, never below a minute', () => {
    expect(chapterStats('Short.').readingMinutes).toBe(1);
    const long = Array.from({ length: 660 }, () => 'word').join(' ');
    expect(chapterStats(long).readingMinutes).toBe(3);
    expect(chapterStats(`${long}\n\n${'```sql id=x expect=ok\nSELECT 1;\n```\n\n'.repeat(4)}`).readingMinutes).toBe(5);
  });
});

describe('practiceNumber', () => {
  it("splits the original notes' number off a title, and leaves other titles whole", () => {
    expect(practiceNumber('1. Use Defensive SQL in Migrations')).toEqual({ practice: 1, name: 'Use Defensive SQL in Migrations' });
    expect(practiceNumber('10. Document Database Changes')).toEqual({ practice: 10, name: 'Document Database Changes' });
    expect(practiceNumber('Handling Failed Migrations')).toEqual({ practice: undefined, name: 'Handling Failed Migrations' });
  });
});
