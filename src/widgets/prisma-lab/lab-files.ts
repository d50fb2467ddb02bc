/**
 * A lab's project files: the tab and the view of each, which one is selected, its Monaco editor
 * (loaded on the first Edit), the line markers a command left, and Add / Rename / Delete. The
 * controller owns the commands; this module owns the files and tells it of every change.
 */
import type { LabFile } from '../../lib/sql-runtime/protocol.ts';
import type { LabMarker } from '../../lib/prisma-lab/lab.ts';
import { pathProblem } from '../../lib/prisma-lab/project.ts';
import type { SqlEditor } from '../../lib/editor/sql-editor.ts';
import { loadSqlEditor } from '../../lib/editor/editor-chunk.ts';
import { el } from '../../lib/dom/el.ts';
import { required } from '../../lib/dom/required.ts';
import { labUi } from './contract.ts';
import { labSourceText } from './lab-sources.ts';

export interface FilesHost {
  /** A file's text changed (typed, added, renamed, removed). */
  changed(): void;
  /** Ctrl+Enter in an editor runs the command line. */
  run(): void;
  status(text: string): void;
}

const SCHEMA = 'prisma/schema.prisma';

/**
 * The preset's files: the selected one read back from the highlighted block the page was built
 * with, the others (which the page names by source only) filled in from the bundle as plain text.
 */
export function filesFromPage(element: HTMLElement): LabFile[] {
  return [...element.querySelectorAll<HTMLElement>(labUi.role('lab-file'))].map((view) => {
    const source = view.dataset.source;
    if (source !== undefined) {
      const content = labSourceText(source);
      required(view, labUi.role('lab-file-code'), 'lab').replaceChildren(el('pre', 'plain', content));
      return { path: view.dataset.path ?? '', content };
    }
    const text = view.querySelector('pre')?.textContent ?? '';
    const content = view.dataset.finalNewline !== undefined && !text.endsWith('\n') ? `${text}\n` : text;
    return { path: view.dataset.path ?? '', content };
  });
}

export class LabFiles {
  readonly #element: HTMLElement;
  readonly #host: FilesHost;
  #files: LabFile[];
  #selected: string;
  #editors = new Map<string, Promise<SqlEditor>>();

  constructor(element: HTMLElement, files: LabFile[], host: FilesHost) {
    this.#element = element;
    this.#host = host;
    this.#files = files.map((file) => ({ ...file }));
    this.#selected = this.#files[0]?.path ?? '';
    this.#addFileTools();
  }

  get files(): LabFile[] {
    return this.#files.map((file) => ({ ...file }));
  }

  get selected(): string {
    return this.#selected;
  }

  /** True when the files differ from `original` in number or in any text. */
  differFrom(original: LabFile[]): boolean {
    return (
      this.#files.length !== original.length ||
      this.#files.some((file) => original.find((o) => o.path === file.path)?.content !== file.content)
    );
  }

  /** The project becomes exactly `files` (a kept draft, a shared link, the original): others go. */
  putAll(files: LabFile[]): void {
    for (const file of [...this.#files]) if (!files.some((kept) => kept.path === file.path)) this.drop(file.path);
    for (const file of files) this.set(file.path, file.content);
    if (!this.#files.some((file) => file.path === this.#selected)) this.select(this.#files[0]?.path ?? '');
  }

  /** Files a command wrote (migrate dev's new migration): shown, and the first new one selected. */
  replace(files: LabFile[]): void {
    const added = files.filter((file) => !this.#files.some((known) => known.path === file.path));
    for (const file of files) this.set(file.path, file.content);
    if (added[0]) this.select(added[0].path);
  }

  select(path: string): void {
    this.#selected = path;
    for (const view of this.#element.querySelectorAll<HTMLElement>(labUi.role('lab-file')))
      view.toggleAttribute('data-selected', view.dataset.path === path);
    for (const tab of this.#element.querySelectorAll<HTMLElement>(labUi.action('lab-open-file')))
      tab.setAttribute('aria-pressed', String(tab.dataset.path === path));
  }

  set(path: string, content: string): void {
    const file = this.#files.find((candidate) => candidate.path === path);
    if (file) file.content = content;
    else this.#addView({ path, content });
    this.#host.changed();
    const editor = this.#editors.get(path);
    if (editor) void editor.then((e) => e.getValue() !== content && e.setValue(content));
    else {
      const pre = this.#view(path)?.querySelector('pre');
      if (pre) pre.replaceChildren(content);
    }
  }

  drop(path: string): void {
    this.#files = this.#files.filter((candidate) => candidate.path !== path);
    this.#host.changed();
    this.#view(path)?.remove();
    this.#tab(path)?.remove();
    void this.#editors.get(path)?.then((editor) => editor.dispose());
    this.#editors.delete(path);
  }

  async edit(path = this.#selected, focus = true): Promise<SqlEditor | undefined> {
    const view = this.#view(path);
    const file = this.#files.find((candidate) => candidate.path === path);
    if (!view || !file) return undefined;
    let editor = this.#editors.get(path);
    if (!editor) {
      editor = loadSqlEditor().then((module) => {
        const created = module.createSqlEditor(required(view, labUi.role('lab-file-code'), 'lab'), {
          value: file.content,
          language: path.endsWith('.sql') ? 'pgsql' : 'plaintext',
          label: `File ${path}`,
          onRun: () => this.#host.run(),
        });
        created.onChange((value) => {
          const current = this.#files.find((candidate) => candidate.path === path);
          if (current && current.content !== value) {
            current.content = value;
            this.#host.changed();
          }
        });
        return created;
      });
      this.#editors.set(path, editor);
      // A failed load is forgotten, so the next Edit asks for the chunk again (editor-chunk.ts).
      const asked = editor;
      asked.catch(() => this.#editors.get(path) === asked && this.#editors.delete(path));
    }
    const ready = await editor;
    if (focus) ready.focus();
    return ready;
  }

  /** The lines a command complained about: marked in each file's editor, and on its tab. */
  showMarkers(markers: LabMarker[]): void {
    for (const tab of this.#element.querySelectorAll<HTMLElement>(labUi.action('lab-open-file'))) delete tab.dataset.marked;
    const byPath = new Map<string, LabMarker[]>();
    for (const marker of markers) byPath.set(marker.path, [...(byPath.get(marker.path) ?? []), marker]);
    for (const [path, editor] of this.#editors) void editor.then((e) => e.showLineMarkers(byPath.get(path) ?? []));
    for (const [path, list] of byPath) {
      const tab = this.#tab(path);
      if (tab) tab.dataset.marked = `line ${list[0]!.line}`;
      void this.edit(path, false).then((editor) => editor?.showLineMarkers(list));
    }
  }

  add(): void {
    const path = this.#pathInput();
    const problem = pathProblem(this.#files, path);
    if (problem) return this.#host.status(problem);
    this.#addView({ path, content: '' });
    this.#host.changed();
    this.select(path);
    this.#host.status(`Added ${path}.`);
  }

  rename(): void {
    const path = this.#pathInput();
    const from = this.#selected;
    const problem = pathProblem(this.#files, path, from);
    if (problem) return this.#host.status(problem);
    const file = this.#files.find((candidate) => candidate.path === from);
    const view = this.#view(from);
    const tab = this.#tab(from);
    if (!file || !view || !tab) return;
    file.path = path;
    view.dataset.path = path;
    // Only the page's first file prints its path (for readers without JavaScript).
    const printed = view.querySelector('.lab-file-path');
    if (printed) printed.textContent = path;
    tab.dataset.path = path;
    tab.textContent = path;
    const editor = this.#editors.get(from);
    if (editor) {
      this.#editors.delete(from);
      this.#editors.set(path, editor);
    }
    this.#host.changed();
    this.select(path);
    this.#host.status(`Renamed ${from} to ${path}.`);
  }

  delete(): void {
    const path = this.#selected;
    if (path === SCHEMA) return this.#host.status('The schema file stays: every Prisma command reads it.');
    const file = this.#files.find((candidate) => candidate.path === path);
    if (!file) return;
    // Deleting is the one edit that loses text: ask first.
    if (file.content.trim() && !confirm(`Delete ${path}? Its text will be lost.`)) return;
    this.drop(path);
    this.select(this.#files[0]?.path ?? '');
    this.#host.status(`Deleted ${path}.`);
  }

  #view(path: string): HTMLElement | undefined {
    return [...this.#element.querySelectorAll<HTMLElement>(labUi.role('lab-file'))].find((view) => view.dataset.path === path);
  }

  #tab(path: string): HTMLButtonElement | undefined {
    return [...this.#element.querySelectorAll<HTMLButtonElement>(labUi.action('lab-open-file'))].find((tab) => tab.dataset.path === path);
  }

  #addView(file: LabFile) {
    this.#files.push({ ...file });
    const tab = el('button', 'lab-file-tab', file.path) as HTMLButtonElement;
    tab.type = 'button';
    tab.dataset.action = 'lab-open-file';
    tab.dataset.path = file.path;
    tab.setAttribute('aria-pressed', 'false');
    required(this.#element, labUi.role('lab-files'), 'lab').append(tab);
    const code = el('div', 'lab-file-code', el('pre', 'plain', file.content));
    code.dataset.role = 'lab-file-code';
    const view = el('div', 'lab-file', code);
    view.dataset.role = 'lab-file';
    view.dataset.path = file.path;
    required(this.#element, '.lab-file-views', 'lab').append(view);
  }

  #addFileTools() {
    const pathInput = el('input', 'lab-path') as HTMLInputElement;
    pathInput.type = 'text';
    pathInput.dataset.role = 'lab-path';
    pathInput.placeholder = 'prisma/migrations/20250101000000_name/migration.sql';
    pathInput.setAttribute('aria-label', 'File path for Add or Rename');
    const button = (action: string, text: string) => {
      const b = el('button', 'ex-button', text) as HTMLButtonElement;
      b.type = 'button';
      b.dataset.action = action;
      return b;
    };
    const tools = el(
      'div',
      'lab-file-tools',
      button('lab-edit-file', 'Edit'),
      pathInput,
      button('lab-add-file', 'Add file'),
      button('lab-rename-file', 'Rename'),
      button('lab-delete-file', 'Delete'),
      button('lab-share', 'Copy link to this lab'),
    );
    required(this.#element, '.lab-project', 'lab').append(tools);
  }

  /** The path typed for Add or Rename, without a leading ./ */
  #pathInput(): string {
    return required<HTMLInputElement>(this.#element, labUi.role('lab-path'), 'lab').value.trim().replace(/^\.\//, '');
  }
}
