import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import subsetFont from 'subset-font';

/**
 * The few emoji Prisma prints (🚀, 🏋️, ⚠️…), as a font of their own for the lab's output: Noto Emoji
 * (SIL Open Font License 1.1, from @fontsource/noto-emoji) cut down to those glyphs, ~3 KB.
 *
 * Why: on a machine with no emoji font, Chromium asks its browser process for a fallback font every
 * time it shapes one of them, synchronously, and finds none: on two busy cores that held the page
 * still for 155–207 ms when `prisma validate` printed its 🚀. A font the page names has the glyph, so
 * nothing is asked, and the reader sees the glyph instead of an empty box. Regenerated from the
 * installed package like the database snapshot, never committed.
 */
export async function ensureLabEmojiFont(dir: string, root: string, glyphs: string): Promise<string> {
  const require = createRequire(join(root, 'package.json'));
  const source = readFileSync(require.resolve('@fontsource/noto-emoji/files/noto-emoji-emoji-400-normal.woff2'));
  const key = createHash('sha256').update(source).update(glyphs).digest('hex').slice(0, 12);
  const fileName = `lab-emoji-${key}.woff2`;
  const target = join(dir, fileName);
  if (existsSync(target)) return fileName;
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir).filter((f) => f.startsWith('lab-emoji-'))) rmSync(join(dir, stale));
  writeFileSync(target, await subsetFont(source, glyphs, { targetFormat: 'woff2' }));
  return fileName;
}
