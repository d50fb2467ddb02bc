// What the bench's server put on the wire, read back from its log (one "path<TAB>bytes" line per
// response, see tests/support/dist-server.mjs): where a measurement starts, and the bytes since.
import { readFileSync } from 'node:fs';

export function byteLog(log) {
  const logOffset = () => readFileSync(log, 'utf8').length;
  const bytesSince = (offset, only = /./) =>
    readFileSync(log, 'utf8')
      .slice(offset)
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'))
      .filter(([path]) => only.test(path))
      .reduce((sum, [, bytes]) => sum + Number(bytes), 0);
  return { logOffset, bytesSince };
}
