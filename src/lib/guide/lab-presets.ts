/**
 * Lab presets from content/labs/<preset>/, read at build time: the project files a lab starts
 * with and the walkthrough's steps. A preset that names a missing fix file fails the build.
 */
import type { LabFile } from '../prisma-lab/project.ts';
import type { EngineMode } from '../prisma-lab/driver-adapter.ts';

export type LabStep =
  /** `exit` and `output` are what the step must produce; tests/unit/prisma-lab checks every one. */
  | { command: string; note?: string; exit: number; output: string }
  /** Puts `content` into the project file `edit` (a fix the reader could also type). */
  | { edit: string; content: string; label: string; note?: string };

export interface LabPreset {
  title: string;
  mode: EngineMode;
  files: LabFile[];
  steps: LabStep[];
}

interface PresetJson {
  title: string;
  mode?: EngineMode;
  steps: ({ command: string; note?: string; exit?: number; output?: string } | { edit: string; from: string; label: string; note?: string })[];
}

const sources = import.meta.glob<string>('/content/labs/**/*', { query: '?raw', import: 'default', eager: true });

export function labPresetNames(): string[] {
  return [...new Set(Object.keys(sources).map((path) => path.split('/')[3]!))].sort();
}

export function labPreset(name: string): LabPreset {
  const root = `/content/labs/${name}/`;
  const json = sources[`${root}lab.json`];
  if (json === undefined) throw new Error(`No lab preset ${name}: expected ${root}lab.json`);
  const spec = JSON.parse(json) as PresetJson;
  const files = Object.entries(sources)
    .filter(([path]) => path.startsWith(`${root}project/`))
    .map(([path, content]) => ({ path: path.slice(`${root}project/`.length), content }))
    .sort((a, b) => (a.path === 'prisma/schema.prisma' ? -1 : b.path === 'prisma/schema.prisma' ? 1 : a.path.localeCompare(b.path)));
  const steps = spec.steps.map((step): LabStep => {
    if ('command' in step) {
      if (step.exit === undefined || !step.output) throw new Error(`Lab ${name}: step "${step.command}" must declare the exit code and a line of output it expects`);
      return { command: step.command, note: step.note, exit: step.exit, output: step.output };
    }
    const content = sources[`${root}fixes/${step.from}`];
    if (content === undefined) throw new Error(`Lab ${name}: step "${step.label}" uses ${root}fixes/${step.from}, which does not exist`);
    return { edit: step.edit, content, label: step.label, note: step.note };
  });
  return { title: spec.title, mode: spec.mode ?? 'batch', files, steps };
}
