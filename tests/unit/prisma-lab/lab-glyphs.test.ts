/**
 * The lab lays out, before its engine starts, every character beyond ASCII that Prisma's printed
 * texts use, in the strike those texts draw in, with the emoji font the build makes last in it
 * (src/widgets/prisma-lab/lab-text.ts says why).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_GLYPHS } from '../../../src/lib/prisma-lab/cli-glyphs.ts';
import { ensureLabEmojiFont } from '../../../src/lib/integration/lab-emoji-font.ts';
import { LAB_STRIKES, LAB_TEXT_STRIKE } from '../../../src/widgets/prisma-lab/lab-strikes.ts';

const source = (path: string) => readFileSync(new URL(`../../../src/${path}`, import.meta.url), 'utf8');

describe('the lab’s printed characters', () => {
  it('are all in CLI_GLYPHS', () => {
    const used = new Set(source('lib/prisma-lab/cli-output.ts').match(/[^\x00-\x7f]/gu));
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((char) => !CLI_GLYPHS.includes(char))).toEqual([]);
  });

  it('draw in the strike the lab warms, whose families end with the emoji font', () => {
    const css = source('widgets/prisma-lab/lab.css');
    const rule = css.match(/\.lab-output-text \{([^}]*)\}/)?.[1] ?? '';
    expect(rule).toContain(`font-size: ${LAB_TEXT_STRIKE[1]};`);
    expect(rule).toContain(`font-family: var(--${LAB_TEXT_STRIKE[0]});`);
    expect(css).toContain(`--${LAB_TEXT_STRIKE[0]}: var(--mono), 'Lab Emoji';`);
    // The same size in the monospace family alone is warmed too (other parts of the lab draw in it).
    expect(LAB_STRIKES).toContainEqual(['mono', LAB_TEXT_STRIKE[1], LAB_TEXT_STRIKE[2]]);
  });

  it('have their emoji in a small font the build writes once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfg-emoji-'));
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const name = await ensureLabEmojiFont(dir, root, CLI_GLYPHS);
    expect(name).toMatch(/^lab-emoji-[0-9a-f]{12}\.woff2$/);
    const font = readFileSync(join(dir, name));
    expect(font.subarray(0, 4).toString('latin1')).toBe('wOF2');
    expect(font.length).toBeLessThan(16 * 1024);
    // Fewer glyphs, a smaller font: the emoji are really in it.
    const other = mkdtempSync(join(tmpdir(), 'mfg-emoji-'));
    const asciiOnly = readFileSync(join(other, await ensureLabEmojiFont(other, root, 'A')));
    expect(asciiOnly.length).toBeLessThan(font.length / 2);
    expect(await ensureLabEmojiFont(dir, root, CLI_GLYPHS)).toBe(name);
    for (const made of [dir, other]) rmSync(made, { recursive: true, force: true });
  });
});
