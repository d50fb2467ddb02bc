/**
 * Every lab preset's walkthrough, run step by step through the lab core as a reader would click
 * it: each command must produce the exit code and the output line its step declares, whichever
 * Prisma version the reader picks (the walkthroughs are written to be right under both).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestLab, type TestLab } from '../../support/lab-host.ts';
import { labPreset, labPresetNames } from '../../../src/lib/guide/lab-presets.ts';
import { PRISMA_TARGETS } from '../../../src/lib/execution/prisma-target.ts';

let t: TestLab;
beforeEach(async () => {
  t = await createTestLab();
});
afterEach(() => t.close());

describe('lab presets', () => {
  it('there are presets to check', () => {
    expect(labPresetNames().length).toBeGreaterThanOrEqual(14);
  });

  for (const name of labPresetNames())
    for (const { id: target, label } of PRISMA_TARGETS.filter(({ id }) => labPreset(name).targets.includes(id))) {
      it(`${name}, as ${label}: every step does what it says`, async () => {
        const preset = labPreset(name);
        let files = preset.files.map((file) => ({ ...file }));
        for (const step of preset.steps) {
          if ('edit' in step) {
            files = [...files.filter((file) => file.path !== step.edit), { path: step.edit, content: step.content }];
            continue;
          }
          const result = await t.lab.run(step.command, files, target);
          if (result.files) files = result.files;
          expect({ command: step.command, exit: result.exitCode }).toEqual({ command: step.command, exit: step.exit });
          expect(result.output, step.command).toContain(step.output);
        }
      });
    }
});
