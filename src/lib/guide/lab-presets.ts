/**
 * Lab presets from content/labs/<preset>/, read at build time: the project files a lab starts
 * with and the walkthrough's steps. Files several labs start from (the schema, the first
 * migrations) live once in content/labs/_shared/ and are named in `shared: { path: file }`; a
 * preset's own files are in its project/, fix contents in its fixes/ (or _shared/). A preset that
 * names a file that does not exist, or whose lab.json has a key it does not know, fails the build.
 */
import { z } from 'astro/zod';
import type { LabFile } from '../prisma-lab/project.ts';
import { DEFAULT_PRISMA_TARGET, isPrismaTarget, PRISMA_TARGETS, type PrismaTarget } from '../execution/prisma-target.ts';

export type LabStep =
  /** `exit` and `output` are what the step must produce; tests/unit/prisma-lab checks every one. */
  | { command: string; note?: string; exit: number; output: string }
  /** Puts `content` into the project file `edit` (a fix the reader could also type). */
  | { edit: string; content: string; label: string; note?: string };

export interface LabPreset {
  title: string;
  mode: PrismaTarget;
  /** The Prisma versions under which every step does what it declares (tests/unit/prisma-lab/presets.test.ts). */
  targets: PrismaTarget[];
  files: LabFile[];
  /** Each file's source under content/labs/ (`_shared/init.sql`, `<preset>/project/<path>`): the page names it, the lab's script bundles the text. */
  sourceOf: Record<string, string>;
  steps: LabStep[];
}

// lab.json is written by hand: its shape is checked here (strict: a misspelt key such as "ouput" is
// refused rather than ignored), and what it names (files, versions) is checked below.
const text = z.string().min(1);
const PresetJsonSchema = z.strictObject({
  title: text,
  mode: z.string().optional(),
  /** Project path → file in content/labs/_shared/. */
  shared: z.record(text, text).optional(),
  steps: z
    .array(
      z.union([
        z.strictObject({
          command: text,
          note: z.string().optional(),
          exit: z.number().int().min(0).max(255).optional(),
          output: z.string().optional(),
        }),
        z.strictObject({ edit: text, from: text, label: text, note: z.string().optional() }),
      ]),
    )
    .min(1),
});

type PresetJson = z.infer<typeof PresetJsonSchema>;

/** lab.json's text as a PresetJson, or an Error that says which lab, where, and what is wrong. */
export function parsePresetJson(name: string, json: string): PresetJson {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`Lab ${name}: lab.json is not JSON (${(error as Error).message})`);
  }
  const parsed = PresetJsonSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the top level';
  const what =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
      : issue.code === 'invalid_union'
        ? 'a step is either {command, exit, output, note?} or {edit, from, label, note?}'
        : issue.message;
  throw new Error(`Lab ${name}: lab.json at ${where}: ${what}`);
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
  const spec = parsePresetJson(name, json);
  const shared = Object.entries(spec.shared ?? {}).map(([path, file]) => {
    const content = sources[`${SHARED}${file}`];
    if (content === undefined) throw new Error(`Lab ${name}: ${path} names ${SHARED}${file}, which does not exist`);
    return { path, content, source: `${SHARED}${file}` };
  });
  const own = Object.entries(sources)
    .filter(([path]) => path.startsWith(`${root}project/`))
    .map(([path, content]) => ({ path: path.slice(`${root}project/`.length), content, source: path }));
  const sourceOf = Object.fromEntries([...shared, ...own].map((file) => [file.path, file.source.slice('/content/labs/'.length)]));
  const files = [...shared, ...own]
    .map(({ path, content }) => ({ path, content }))
    .sort((a, b) => (a.path === 'prisma/schema.prisma' ? -1 : b.path === 'prisma/schema.prisma' ? 1 : a.path.localeCompare(b.path)));
  const steps = spec.steps.map((step): LabStep => {
    if ('command' in step) {
      if (step.exit === undefined || !step.output)
        throw new Error(`Lab ${name}: step "${step.command}" must declare the exit code and a line of output it expects`);
      return { command: step.command, note: step.note, exit: step.exit, output: step.output };
    }
    const content = sources[`${root}fixes/${step.from}`] ?? sources[`${SHARED}${step.from}`];
    if (content === undefined)
      throw new Error(`Lab ${name}: step "${step.label}" uses ${step.from}, which is in neither ${root}fixes/ nor ${SHARED}`);
    return { edit: step.edit, content, label: step.label, note: step.note };
  });
  const mode = spec.mode;
  if (mode !== undefined && !isPrismaTarget(mode))
    throw new Error(`Lab ${name}: mode "${mode}" must be a Prisma target (${PRISMA_TARGETS.map((target) => target.id).join(', ')})`);
  // A preset that names its mode teaches that version's behaviour: its steps hold under it alone.
  const targets = mode !== undefined ? [mode] : PRISMA_TARGETS.map((target) => target.id);
  return { title: spec.title, mode: mode ?? DEFAULT_PRISMA_TARGET, targets, files, sourceOf, steps };
}
