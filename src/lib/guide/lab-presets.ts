/**
 * Lab presets from content/labs/<preset>/, read at build time: the project files a lab starts
 * with and the walkthrough's steps. Files several labs start from (the schema, the first
 * migrations) live once in content/labs/_shared/ and are named in `shared: { path: file }`; a
 * preset's own files are in its project/, fix contents in its fixes/ (or _shared/). A preset that
 * names a file that does not exist fails the build.
 */
import type { LabFile } from '../prisma-lab/project.ts';
import type { EngineMode } from '../prisma-lab/driver-adapter.ts';
import { DEFAULT_PRISMA_TARGET, isPrismaTarget, PRISMA_TARGETS } from '../execution/prisma-target.ts';

export type LabStep =
  /** `exit` and `output` are what the step must produce; tests/unit/prisma-lab checks every one. */
  | { command: string; note?: string; exit: number; output: string }
  /** Puts `content` into the project file `edit` (a fix the reader could also type). */
  | { edit: string; content: string; label: string; note?: string };

export interface LabPreset {
  title: string;
  mode: EngineMode;
  /** The Prisma versions under which every step does what it declares (tests/unit/prisma-lab/presets.test.ts). */
  targets: EngineMode[];
  files: LabFile[];
  steps: LabStep[];
}

interface PresetJson {
  title: string;
  mode?: EngineMode;
  /** Project path → file in content/labs/_shared/. */
  shared?: Record<string, string>;
  steps: ({ command: string; note?: string; exit?: number; output?: string } | { edit: string; from: string; label: string; note?: string })[];
}

const sources = import.meta.glob<string>('/content/labs/**/*', { query: '?raw', import: 'default', eager: true });

const SHARED = '/content/labs/_shared/';

export function labPresetNames(): string[] {
  return [...new Set(Object.keys(sources).map((path) => path.split('/')[3]!))].filter((name) => !name.startsWith('_')).sort();
}

export function labPreset(name: string): LabPreset {
  const root = `/content/labs/${name}/`;
  const json = sources[`${root}lab.json`];
  if (json === undefined) throw new Error(`No lab preset ${name}: expected ${root}lab.json`);
  const spec = JSON.parse(json) as PresetJson;
  const shared = Object.entries(spec.shared ?? {}).map(([path, file]) => {
    const content = sources[`${SHARED}${file}`];
    if (content === undefined) throw new Error(`Lab ${name}: ${path} names ${SHARED}${file}, which does not exist`);
    return { path, content };
  });
  const own = Object.entries(sources)
    .filter(([path]) => path.startsWith(`${root}project/`))
    .map(([path, content]) => ({ path: path.slice(`${root}project/`.length), content }));
  const files = [...shared, ...own]
    .sort((a, b) => (a.path === 'prisma/schema.prisma' ? -1 : b.path === 'prisma/schema.prisma' ? 1 : a.path.localeCompare(b.path)));
  const steps = spec.steps.map((step): LabStep => {
    if ('command' in step) {
      if (step.exit === undefined || !step.output) throw new Error(`Lab ${name}: step "${step.command}" must declare the exit code and a line of output it expects`);
      return { command: step.command, note: step.note, exit: step.exit, output: step.output };
    }
    const content = sources[`${root}fixes/${step.from}`] ?? sources[`${SHARED}${step.from}`];
    if (content === undefined) throw new Error(`Lab ${name}: step "${step.label}" uses ${step.from}, which is in neither ${root}fixes/ nor ${SHARED}`);
    return { edit: step.edit, content, label: step.label, note: step.note };
  });
  if (spec.mode !== undefined && !isPrismaTarget(spec.mode)) throw new Error(`Lab ${name}: mode "${String(spec.mode)}" must be a Prisma target (${PRISMA_TARGETS.map((target) => target.id).join(', ')})`);
  // A preset that names its mode teaches that version's behaviour: its steps hold under it alone.
  const targets = spec.mode !== undefined ? [spec.mode] : PRISMA_TARGETS.map((target) => target.id);
  return { title: spec.title, mode: spec.mode ?? DEFAULT_PRISMA_TARGET, targets, files, steps };
}
