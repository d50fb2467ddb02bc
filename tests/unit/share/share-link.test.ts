import { describe, expect, it } from 'vitest';
import {
  decodeShare,
  encodeShare,
  shareUrl,
  ShareLinkError,
  MAX_LINK_LENGTH,
  type SharedState,
} from '../../../src/lib/share/share-link.ts';

const state: SharedState = {
  kind: 'example',
  id: 'defensive-create-table-naive',
  sql: 'CREATE TABLE "Ünï" (id int); -- 🐘 <script>alert(1)</script>',
  mode: 'statements',
};

describe('share links', () => {
  it('round-trip any text, unicode and markup included', async () => {
    const fragment = await encodeShare(state);
    expect(fragment).toMatch(/^#share=v1\.[A-Za-z0-9_-]+$/);
    expect(await decodeShare(fragment)).toEqual(state);
  });

  it('refuse truncated, malformed, foreign-version and wrong-shape links with a reason', async () => {
    const fragment = await encodeShare(state);
    await expect(decodeShare(fragment.slice(0, fragment.length - 12))).rejects.toThrow(/damaged or cut off/);
    await expect(decodeShare('#share=v1.!!!')).rejects.toThrow(/characters a shared link never has/);
    await expect(decodeShare('#share=v9.abc')).rejects.toThrow(/newer version of the guide \(v9\)/);
    await expect(decodeShare('#share=abc')).rejects.toThrow(/version is missing/);
    const wrongShape = await encodeShare({ kind: 'example', id: 'x' } as unknown as SharedState);
    await expect(decodeShare(wrongShape)).rejects.toThrow(/not a shared edit/);
    await expect(decodeShare('#ex-foo')).rejects.toBeInstanceOf(ShareLinkError);
  });

  it('refuse states too large for a link, saying so', async () => {
    // Random text does not compress: a few KB of it cannot fit.
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const noise = Array.from({ length: 9000 }, () => String.fromCharCode(33 + (next() % 90))).join('');
    await expect(shareUrl({ kind: 'check', sql: noise }, 'https://x.test/check/')).rejects.toThrow(/too large for a link/);
    const url = await shareUrl({ kind: 'check', sql: 'SELECT 1;' }, 'https://x.test/check/#old');
    expect(url.startsWith('https://x.test/check/#share=v1.')).toBe(true);
    expect(url.length).toBeLessThan(MAX_LINK_LENGTH);
  });
});
