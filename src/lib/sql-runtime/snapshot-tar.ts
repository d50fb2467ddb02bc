/**
 * The snapshot as a plain tar, inflated as it arrives: waiting for the whole file and then
 * inflating it put ~50 ms (more on two busy cores) between the last download and the database's
 * start. Bytes rather than a Blob: a Blob's bytes live in the browser's process, and SnapshotFS
 * would read all 9 MB back. Told apart by its first bytes: a host that sends the file with
 * Content-Encoding gzip has had the browser inflate it already.
 */
export async function tarOf(response: Response): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  let head: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  // The first two bytes decide; a chunk may hold fewer.
  while (head.length < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    head = head.length === 0 ? value : concat(head, value);
  }
  const rest = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start: (controller) => controller.enqueue(head),
    pull: async (controller) => {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  return new Uint8Array(await new Response(gzipped ? rest.pipeThrough(new DecompressionStream('gzip')) : rest).arrayBuffer());
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
