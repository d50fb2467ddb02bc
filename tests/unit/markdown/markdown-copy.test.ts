import { describe, expect, it } from 'vitest';
import { chapterMarkdown } from '../../../src/lib/guide/markdown-copy.ts';
import { browsableRepository, siteConfig, LOCAL_SITE_URL } from '../../../src/lib/integration/site-config.ts';
import { editUrl } from '../../../src/lib/guide/page-history.ts';

const lab = () => ({
  title: 'A lab',
  steps: [
    { command: 'npx prisma migrate deploy', exit: 1, output: 'Error: P3018', note: 'It fails.' },
    { edit: 'a.sql', content: 'x', label: 'Fix a.sql' },
  ],
});
const options = { pageUrl: 'https://docs.test/guide/x/', lab };

describe('a chapter as Markdown', () => {
  const mdx = [
    "import Thing from './thing.astro';",
    '',
    'Intro with [a link](/guide/y/#z) and [an outside one](https://example.org/).',
    '',
    '```sql id=add-twice setup=blog mode=statements expect="ok 42701" title="Twice"',
    'ALTER TABLE "Post" ADD COLUMN "slug" TEXT;',
    '```',
    '',
    '<Correction title="Wrong" source="https://pris.ly/x" sourceLabel="Prisma docs">',
    '',
    'The right fact.',
    '',
    '</Correction>',
    '',
    '<PrismaLab preset="a-lab" />',
  ].join('\n');
  const md = chapterMarkdown('Title', 'One line.', mdx, options);

  it('drops imports and JSX, keeps the prose with absolute links', () => {
    expect(md).not.toContain('import Thing');
    expect(md).not.toContain('<Correction');
    expect(md).toContain('[a link](https://docs.test/guide/y/#z)');
    expect(md).toContain('[an outside one](https://example.org/)');
  });

  it("keeps a live example's SQL and says its declared outcome per Run", () => {
    expect(md).toContain('```sql\nALTER TABLE "Post" ADD COLUMN "slug" TEXT;\n```');
    expect(md).toContain('Run 1: succeeds; Run 2: fails with SQLSTATE 42701');
    expect(md).toContain('(https://docs.test/guide/x/#ex-add-twice)');
  });

  it('turns a correction into a quote with its source, and a lab into its steps', () => {
    expect(md).toMatch(
      /> \*\*Correction for Prisma 7: Wrong\*\*\n>\n> The right fact\.\n>\n> Source: \[Prisma docs\]\(https:\/\/pris\.ly\/x\)/,
    );
    expect(md).toContain('1. `npx prisma migrate deploy` → exit 1, prints "Error: P3018". It fails.');
    expect(md).toContain('2. Edit `a.sql`: Fix a.sql');
  });
});

describe('examples whose outcome depends on a version', () => {
  const copy = (fence: string) => chapterMarkdown('T', 'D', ['```sql ' + fence, 'SELECT 1;', '```'].join('\n'), options);
  it('says the outcome under each Prisma version', () => {
    const md = copy('id=p mode=prisma expect="42P07" expect-7-3="ok"');
    expect(md).toContain('as Prisma sends a migration file');
    expect(md).toMatch(/as Prisma 7\.4\+[^,]*, Run 1: fails with SQLSTATE 42P07\. as Prisma ≤ 7\.3[^,]*, Run 1: succeeds/);
  });
  it('says the outcome on each PostgreSQL major it declares', () => {
    expect(copy('id=e expect="ok" expect-pg15="55P04"')).toContain(
      'Run 1: succeeds (PostgreSQL 18). on PostgreSQL 15, Run 1: fails with SQLSTATE 55P04',
    );
  });
});

describe('site configuration', () => {
  const root = new URL('../../..', import.meta.url).pathname;
  it('defaults to the local address, never an invented domain', () => {
    expect(siteConfig(root, {}).url).toBe(LOCAL_SITE_URL);
    expect(siteConfig(root, {}).repository).toBeUndefined();
  });
  it('takes SITE_URL and SITE_REPOSITORY from the environment', () => {
    const config = siteConfig(root, { SITE_URL: 'https://guide.test/docs', SITE_REPOSITORY: 'git+https://github.com/a/b.git' });
    expect(config.url).toBe('https://guide.test/docs/');
    expect(config.repository).toBe('https://github.com/a/b');
    expect(editUrl(config.repository, config.branch, 'content/guide/01-overview.mdx')).toBe(
      'https://github.com/a/b/edit/main/content/guide/01-overview.mdx',
    );
  });
  it('refuses a site URL that is not a URL', () => {
    expect(() => siteConfig(root, { SITE_URL: 'not a url' })).toThrow();
  });
  it('reads repository shorthands', () => {
    expect(browsableRepository('github:a/b')).toBe('https://github.com/a/b');
    expect(browsableRepository('git@gitlab.com:a/b.git')).toBe('https://gitlab.com/a/b');
  });
  it('has no edit link without a repository', () => {
    expect(editUrl(undefined, 'main', 'x.mdx')).toBeUndefined();
  });
});
