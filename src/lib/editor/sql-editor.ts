/**
 * Monaco, loaded only when a reader edits: the editor core, PostgreSQL, and the few features a
 * reader reaches for in a 30-line box (bracket matching, comment toggling, word and line moves,
 * Control+M's tab-focus mode). Each further feature costs 5–90 KB gz (measured on the built bytes,
 * README "Bytes and speed"): hover alone brings code actions, peek views and find, 88 KB gz, so a
 * database error's message is written at the end of its line instead (where a keyboard reader sees
 * it too); context menu, clipboard actions, multi-cursor, suggestions and find are left out (copy,
 * paste and the browser's own find work without them).
 */
import * as monaco from 'monaco-editor/editor';
import './sql-language.ts';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { DbError } from '../sql-runtime/protocol.ts';
import { guideTheme } from './code-palette.ts';
import { injectStyle } from '../dom/inject-style.ts';

(globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

/** For textarea-editor.ts, which reaches Monaco through this chunk (editor-chunk.ts says why). */
export { monaco };

export interface SqlEditor {
  getValue(): string;
  setValue(value: string): void;
  focus(): void;
  /** Underlines the error's position and writes its message after the line; undefined clears it. */
  showError(error: DbError | undefined): void;
  /** Whole-line error markers (a lab's schema validation, a failed migration's line). */
  showLineMarkers(markers: { line: number; message: string }[]): void;
  onChange(listener: (value: string) => void): void;
  dispose(): void;
}

/** Same metrics as the static code block (see --code-size/--code-line), so nothing moves on upgrade. */
const FONT_SIZE = 14;
const LINE_HEIGHT = 21;
const PADDING = 12;
const MAX_LINES = 30;
/** Larger texts are not syntax-coloured (see fitLanguage). */
const PLAIN_ABOVE_CHARS = 100_000;

function isDark(): boolean {
  const explicit = document.documentElement.dataset.theme;
  return explicit ? explicit === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
}

/** The palette's colours for the scheme now shown (see code-palette.ts), as Monaco's one theme. */
function applyTheme(): string {
  monaco.editor.defineTheme('guide', guideTheme(document.documentElement, isDark()));
  monaco.editor.setTheme('guide');
  return 'guide';
}

let themeWatch: MutationObserver | undefined;
function followTheme(): void {
  if (themeWatch) return;
  const apply = () => void applyTheme();
  themeWatch = new MutationObserver(apply);
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', apply);
}

/** A marker's message, after the end of its line (the first line of it: the output has the rest). */
const NOTE_CLASS = 'editor-error-note';
const NOTE_CSS = `.${NOTE_CLASS} { color: var(--err); font-style: italic; padding-left: 2ch; }`;

interface Marker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
}

/** What the reader typed into the static block while Monaco loaded (src/widgets/live-example/live-sql-element.ts), and where. */
function typedBeforeEditor(pre: HTMLElement): { text: string; caret: number | undefined } {
  const text = (pre.textContent ?? '').replace(/\n$/, '');
  const selection = getSelection();
  if (!selection?.focusNode || !pre.contains(selection.focusNode)) return { text, caret: undefined };
  const before = document.createRange();
  before.setStart(pre, 0);
  before.setEnd(selection.focusNode, selection.focusOffset);
  return { text, caret: Math.min(before.toString().length, text.length) };
}

export function createSqlEditor(
  host: HTMLElement,
  options: { value: string; label: string; language?: 'pgsql' | 'javascript' | 'plaintext'; onRun: () => void },
): SqlEditor {
  const pre = host.querySelector('pre');
  const staticHeight = pre?.getBoundingClientRect().height ?? 0;
  const typed = pre?.isContentEditable ? typedBeforeEditor(pre) : undefined;
  const container = document.createElement('div');
  container.className = 'editor-host';
  container.style.height = `${Math.max(staticHeight, LINE_HEIGHT + 2 * PADDING)}px`;
  followTheme();

  const language = options.language ?? 'pgsql';
  // The few script examples colour their JavaScript once its definition (a small chunk of its own)
  // arrives; the SQL editor never downloads it.
  let registered = language !== 'javascript';
  const model = monaco.editor.createModel(options.value, registered ? language : 'plaintext');
  // Monaco colours text on the main thread, in slices of up to ~150 ms on a pasted 1 MB script; a
  // text that large is shown plain, and regains its colours once it is small again.
  const fitLanguage = () => {
    const wanted = !registered || model.getValueLength() > PLAIN_ABOVE_CHARS ? 'plaintext' : language;
    if (model.getLanguageId() !== wanted) monaco.editor.setModelLanguage(model, wanted);
  };
  fitLanguage();
  model.onDidChangeContent(fitLanguage);
  if (!registered) {
    void import('monaco-editor/languages/definitions/javascript/register').then(() => {
      registered = true;
      if (!model.isDisposed()) fitLanguage();
    });
  }
  const editor = monaco.editor.create(container, {
    model,
    theme: applyTheme(),
    ariaLabel: `${options.label}. Press Control+Enter to run. Press Control+M, then Tab, to move focus out of the editor.`,
    fontSize: FONT_SIZE,
    lineHeight: LINE_HEIGHT,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono') || 'monospace',
    padding: { top: PADDING, bottom: PADDING },
    minimap: { enabled: false },
    lineNumbers: 'off',
    glyphMargin: false,
    folding: false,
    lineDecorationsWidth: 16,
    scrollBeyondLastLine: false,
    automaticLayout: true,
    renderLineHighlight: 'none',
    overviewRulerLanes: 0,
    hideCursorInOverviewRuler: true,
    scrollbar: { alwaysConsumeMouseWheel: false },
    fixedOverflowWidgets: true,
    // Tab moves focus out instead of inserting a tab, so keyboard users are never trapped here.
    tabFocusMode: true,
    // No suggestions: their widget is not loaded, and word-based ones would start Monaco's worker.
    wordBasedSuggestions: 'off',
    quickSuggestions: false,
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, options.onRun);
  injectStyle('editor-error-note', NOTE_CSS);

  const notes = editor.createDecorationsCollection();
  const mark = (owner: 'postgres' | 'lab', markers: Marker[]) => {
    monaco.editor.setModelMarkers(
      model,
      owner,
      markers.map((marker) => ({ ...marker, severity: monaco.MarkerSeverity.Error })),
    );
    notes.set(
      monaco.editor.getModelMarkers({ resource: model.uri }).map((marker) => ({
        range: new monaco.Range(marker.endLineNumber, 1, marker.endLineNumber, model.getLineMaxColumn(marker.endLineNumber)),
        options: { showIfCollapsed: true, after: { content: marker.message.split('\n')[0] ?? '', inlineClassName: NOTE_CLASS } },
      })),
    );
    const first = markers[0];
    if (first) editor.revealLineInCenterIfOutsideViewport(first.startLineNumber);
  };

  const fit = () => {
    const lines = Math.min(model.getLineCount(), MAX_LINES);
    const height = Math.max(lines * LINE_HEIGHT + 2 * PADDING + 2, staticHeight);
    container.style.height = `${height}px`;
  };
  editor.onDidContentSizeChange(fit);

  // Swap in place: the editor takes the static block's box, then the static block goes.
  if (pre) pre.replaceWith(container);
  else host.append(container);
  fit();
  editor.layout();
  if (typed) {
    // As an edit (undoable, and heard by the caller's onChange, registered right after this returns).
    queueMicrotask(() => {
      if (model.isDisposed()) return;
      if (typed.text !== model.getValue())
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text: typed.text }], () => null);
      if (typed.caret !== undefined) editor.setPosition(model.getPositionAt(typed.caret));
    });
  }

  return {
    getValue: () => model.getValue(),
    setValue: (value) => model.setValue(value),
    focus: () => editor.focus(),
    showError(error) {
      if (!error || error.position === undefined) return mark('postgres', []);
      // The model's own index finds the spot without copying a 1 MB script out of the editor.
      const { lineNumber: line, column } = model.getPositionAt(error.position - 1);
      const word = model.getWordAtPosition({ lineNumber: line, column });
      mark('postgres', [
        {
          message: `${error.code}: ${error.message}${error.hint ? `\nHINT: ${error.hint}` : ''}`,
          startLineNumber: line,
          startColumn: column,
          endLineNumber: line,
          endColumn: word ? word.endColumn : column + 1,
        },
      ]);
    },
    showLineMarkers(markers) {
      mark(
        'lab',
        markers.map(({ line, message }) => ({
          message,
          startLineNumber: line,
          startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        })),
      );
    },
    onChange(listener) {
      model.onDidChangeContent(() => listener(model.getValue()));
    },
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}
