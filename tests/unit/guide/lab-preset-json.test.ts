import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePresetJson } from '../../../src/lib/guide/lab-presets.ts';

const LABS = new URL('../../../content/labs/', import.meta.url);

describe('lab.json, validated', () => {
  it('accepts every preset the guide ships', () => {
    const names = readdirSync(LABS).filter((name) => !name.startsWith('_'));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const spec = parsePresetJson(name, readFileSync(new URL(`${name}/lab.json`, LABS), 'utf8'));
      expect(spec.title.length, name).toBeGreaterThan(0);
    }
  });

  it('refuses a misspelt key instead of ignoring it', () => {
    const json = JSON.stringify({ title: 't', steps: [{ command: 'npx prisma migrate deploy', exit: 0, ouput: 'x' }] });
    expect(() => parsePresetJson('demo', json)).toThrow('Lab demo: lab.json at steps.0: unknown key "ouput"');
    expect(() => parsePresetJson('demo', JSON.stringify({ title: 't', steps: [{ run: 'x' }] }))).toThrow(
      'Lab demo: lab.json at steps.0: a step is either {command, exit, output, note?} or {edit, from, label, note?}',
    );
    expect(() =>
      parsePresetJson('demo', JSON.stringify({ title: 't', steps: [{ command: 'c', exit: 0, output: 'o' }], sharde: {} })),
    ).toThrow('Lab demo: lab.json at the top level: unknown key "sharde"');
  });

  it('refuses wrong types, an exit code out of range, no steps, and text that is not JSON', () => {
    expect(() => parsePresetJson('demo', JSON.stringify({ title: 7, steps: [] }))).toThrow(/^Lab demo: lab\.json at title: /);
    expect(() => parsePresetJson('demo', JSON.stringify({ title: 't', steps: [] }))).toThrow(/^Lab demo: lab\.json at steps: /);
    expect(() => parsePresetJson('demo', JSON.stringify({ title: 't', steps: [{ command: 'c', exit: 300, output: 'o' }] }))).toThrow(
      /^Lab demo: lab\.json at steps\.0/,
    );
    expect(() =>
      parsePresetJson(
        'demo',
        JSON.stringify({ title: 't', shared: { 'prisma/schema.prisma': 3 }, steps: [{ command: 'c', exit: 0, output: 'o' }] }),
      ),
    ).toThrow(/^Lab demo: lab\.json at shared\.prisma\/schema\.prisma: /);
    expect(() => parsePresetJson('demo', '{"title": "t",')).toThrow(/^Lab demo: lab\.json is not JSON \(/);
  });
});
