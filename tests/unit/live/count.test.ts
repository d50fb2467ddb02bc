import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { count } from '../../../src/widgets/parts/count.ts';

describe('count', () => {
  it('writes whole numbers as toLocaleString("en-US") does', () => {
    const numbers = [0, 1, 9, 10, 99, 100, 999, 1_000, 1_001, 12_345, 100_000, 999_999, 1_000_000, 1_234_567, 2_000_000_000];
    const sampled = Array.from({ length: 500 }, (_, index) => Math.floor(Math.abs(Math.sin(index + 1)) * 10 ** (index % 16)));
    for (const n of [...numbers, ...sampled, Number.MAX_SAFE_INTEGER]) {
      expect(count(n)).toBe(n.toLocaleString('en-US'));
      expect(count(-n)).toBe((-n).toLocaleString('en-US'));
    }
  });

  it('leaves anything but a safe integer to toLocaleString', () => {
    for (const n of [1.5, 1234.5678, 2 ** 53, 1e21, Number.NaN, Number.POSITIVE_INFINITY]) expect(count(n)).toBe(n.toLocaleString('en-US'));
  });

  it('is what the widgets format numbers with: no widget asks ICU while drawing', () => {
    const widgets = fileURLToPath(new URL('../../../src/widgets/', import.meta.url));
    const files = readdirSync(widgets, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && file !== join('parts', 'count.ts'),
    );
    const asking = files.filter((file) => /\.toLocaleString\(|Intl\.NumberFormat/.test(readFileSync(join(widgets, file), 'utf8')));
    expect(asking).toEqual([]);
  });
});
