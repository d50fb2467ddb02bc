/**
 * The snapshot reaches SnapshotFS as a plain tar whichever way the host sent it: gzipped as built,
 * or already inflated by the browser (Content-Encoding gzip), and in chunks of any size.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tarOf } from '../../../src/lib/sql-runtime/snapshot-tar.ts';

/** A response whose body arrives in the given pieces. */
function arriving(...pieces: Uint8Array[]): Response {
  const queue = [...pieces];
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = queue.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    }),
  );
}

const tar = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251);

describe('tarOf', () => {
  it('inflates a gzipped snapshot as it arrives, even when the first chunk holds one byte', async () => {
    const gz = new Uint8Array(gzipSync(tar));
    expect(await tarOf(arriving(gz.subarray(0, 1), gz.subarray(1, 2), gz.subarray(2, 5000), gz.subarray(5000)))).toEqual(tar);
    expect(await tarOf(arriving(gz))).toEqual(tar);
  });

  it('passes a snapshot the browser already inflated through as it is', async () => {
    expect(await tarOf(arriving(tar.subarray(0, 1), tar.subarray(1)))).toEqual(tar);
  });

  it('gives an empty file as empty, and a broken gzip as an error', async () => {
    expect((await tarOf(new Response(new Uint8Array(0)))).length).toBe(0);
    const gz = new Uint8Array(gzipSync(tar));
    await expect(tarOf(arriving(gz.subarray(0, gz.length - 40)))).rejects.toThrow();
  });

  it('fails when the download breaks off midway, gzipped or not', async () => {
    const brokenOff = (first: Uint8Array) =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(first);
          },
          pull(controller) {
            controller.error(new TypeError('network error'));
          },
        }),
      );
    await expect(tarOf(brokenOff(new Uint8Array(gzipSync(tar)).subarray(0, 3000)))).rejects.toThrow();
    await expect(tarOf(brokenOff(tar.subarray(0, 3000)))).rejects.toThrow('network error');
  });
});
