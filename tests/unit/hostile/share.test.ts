import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, inflateBounded, ShareLinkError, type SharedState } from '../../../src/lib/share/share-link.ts';
import { MAX_SHARED_JSON_BYTES } from '../../../src/lib/sql-runtime/limits.ts';

// Links are input from anyone: each case is a link someone could paste into a code review.

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer(),
  );
}

/** A v1 link carrying any JSON text, as a hand-crafted link would. */
async function linkOf(json: string): Promise<string> {
  return `#share=v1.${base64url(await deflate(new TextEncoder().encode(json)))}`;
}

describe('hostile share links', () => {
  it('hostile: a zip-bomb link (tiny, unpacking to megabytes) is refused quickly without unpacking it all', async () => {
    const bomb = `{"kind":"check","sql":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    const link = await linkOf(bomb);
    expect(link.length).toBeLessThan(16_000); // fits under the fragment cap: the stream cap must catch it
    const started = performance.now();
    await expect(decodeShare(link)).rejects.toThrow(/unpacks to more than 256 KB/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('hostile: the inflater stops at its limit and never returns more than it', async () => {
    const packed = await deflate(new Uint8Array(8 * 1024 * 1024));
    await expect(inflateBounded(packed, MAX_SHARED_JSON_BYTES)).rejects.toBeInstanceOf(ShareLinkError);
    const small = await deflate(new TextEncoder().encode('hello'));
    expect(new TextDecoder().decode(await inflateBounded(small, 10))).toBe('hello');
  });

  it('hostile: a 136 KB link is refused by its length before any decoding', async () => {
    const link = `#share=v1.${'A'.repeat(136 * 1024)}`;
    await expect(decodeShare(link)).rejects.toThrow(/far longer than any link this guide makes/);
  });

  it('hostile: wrong types in a payload are explained', async () => {
    await expect(decodeShare(await linkOf('{"kind":"example","id":"x","sql":42}'))).rejects.toThrow(/not a shared edit \(at sql\)/);
    await expect(decodeShare(await linkOf('{"kind":"playground","setup":"","sql":"","mode":"fast"}'))).rejects.toThrow(
      /not one this guide writes \(at mode\)/,
    );
    await expect(decodeShare(await linkOf('[1,2,3]'))).rejects.toThrow(ShareLinkError);
    await expect(decodeShare(await linkOf('null'))).rejects.toThrow(ShareLinkError);
    await expect(decodeShare(await linkOf('"just a string"'))).rejects.toThrow(ShareLinkError);
  });

  it('hostile: unknown kinds are explained', async () => {
    await expect(decodeShare(await linkOf('{"kind":"admin","sql":"DROP"}'))).rejects.toThrow(/shares something this page does not know/);
  });

  it('hostile: huge arrays are refused', async () => {
    const migrations = Array.from({ length: 5000 }, () => ({ name: 'm', sql: '' }));
    await expect(decodeShare(await linkOf(JSON.stringify({ kind: 'check', sql: '', migrations })))).rejects.toThrow(
      /larger than any shared edit may be \(at migrations\)/,
    );
  });

  it('hostile: __proto__ and constructor keys are refused and pollute nothing', async () => {
    const polluted = '{"kind":"example","id":"x","sql":"SELECT 1","__proto__":{"polluted":true}}';
    await expect(decodeShare(await linkOf(polluted))).rejects.toThrow(/fields this guide never writes \(__proto__\)/);
    await expect(
      decodeShare(await linkOf('{"kind":"example","id":"x","sql":"","constructor":{"prototype":{"polluted":1}}}')),
    ).rejects.toThrow(/constructor/);
    const nested = '{"kind":"lab","id":"x","files":[{"path":"a","content":"","__proto__":{"polluted":true}}]}';
    await expect(decodeShare(await linkOf(nested))).rejects.toThrow(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hostile: a truncated link says it was cut off', async () => {
    const link = await encodeShare({ kind: 'playground', setup: 'CREATE TABLE t (id int);', sql: 'SELECT 1;'.repeat(40), mode: 'batch' });
    for (const cut of [5, 20, link.length - 20]) {
      await expect(decodeShare(link.slice(0, cut))).rejects.toBeInstanceOf(ShareLinkError);
    }
    await expect(decodeShare(link.slice(0, link.length - 8))).rejects.toThrow(/damaged or cut off/);
  });

  it('hostile: valid JSON that is not UTF-8 text is refused', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    await expect(decodeShare(`#share=v1.${base64url(await deflate(bytes))}`)).rejects.toThrow(/damaged or cut off/);
  });

  it('every kind still round-trips', async () => {
    const states: SharedState[] = [
      { kind: 'example', id: 'a-b_c', sql: 'SELECT 1;' },
      { kind: 'playground', setup: 'CREATE TABLE t (id int);', sql: 'SELECT 1;', mode: 'statements' },
      { kind: 'check', sql: '', migrations: [{ name: '1_init/migration.sql', sql: 'SELECT 1;' }] },
      { kind: 'lab', id: 'failed-migration', files: [{ path: 'prisma/schema.prisma', content: 'datasource db {}' }] },
    ];
    for (const state of states) expect(await decodeShare(await encodeShare(state))).toEqual(state);
  });
});
