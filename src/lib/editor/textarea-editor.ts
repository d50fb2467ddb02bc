/**
 * The swap behind editor-on-focus.ts: Monaco takes the textarea's place and its text, caret and
 * focus. The textarea, hidden, stays the page's handle: its value is the editor's text, and every
 * edit in the editor is announced with an input event on it (what the page listens to).
 */
import type * as SqlEditorModule from './sql-editor.ts';
import { injectStyle } from '../dom/inject-style.ts';

/** Opens at the height of the box it replaces, so nothing below it moves. */
const CSS =
  '.textarea-editor > .editor-host { min-height: var(--box-height); border: 1px solid var(--border); border-radius: var(--r2); overflow: hidden; box-shadow: var(--shadow); }';
const valueOf = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value');

type Select = (start: number, end: number) => void;

/** How long after the last edit the hidden textarea's own value follows the editor. */
const CATCH_UP_MS = 200;
const replaced = new WeakMap<HTMLTextAreaElement, Select>();

/**
 * `editorModule` is Monaco's chunk as editor-chunk.ts loaded it: imported here instead, it would
 * tie this chunk to the chunk's first URL, which a failed fetch spoils for the page's lifetime.
 */
export function replaceTextarea(
  textarea: HTMLTextAreaElement,
  options: { label: string; onRun: () => void },
  editorModule: typeof SqlEditorModule,
): Select | undefined {
  const { createSqlEditor, monaco } = editorModule;
  const done = replaced.get(textarea);
  if (done) return done;
  if (!textarea.isConnected || !valueOf?.get || !valueOf.set) return undefined;
  injectStyle('textarea-editor', CSS);
  const read = () => valueOf.get?.call(textarea) as string;
  const write = (text: string) => valueOf.set?.call(textarea, text);
  const focused = document.activeElement === textarea;
  const { selectionStart, selectionEnd } = textarea;
  const host = document.createElement('div');
  host.className = 'textarea-editor';
  host.style.setProperty('--box-height', `${textarea.offsetHeight}px`);
  textarea.after(host);
  const before = new Set(monaco.editor.getEditors());
  const editor = createSqlEditor(host, { value: read(), label: options.label, onRun: options.onRun });
  // The one public handle on Monaco's selection: the editor instance createSqlEditor just made.
  const view = monaco.editor.getEditors().find((candidate) => !before.has(candidate) && host.contains(candidate.getContainerDomNode()));
  // Line ends as a textarea keeps them (LF), whatever the platform's default or a paste brings.
  view?.getModel()?.setEOL(monaco.editor.EndOfLineSequence.LF);
  textarea.hidden = true;

  // From here the editor holds the text: the page's reads of textarea.value get it from there, and
  // its writes (a draft, a sample, a link) are shown in the editor without counting as the reader's
  // edits. The hidden textarea's own value follows once a burst of typing is over (for what reads it
  // natively: autofill, the browser's form restore), not on every keystroke of a pasted megabyte.
  let echo = false;
  let behind: ReturnType<typeof setTimeout> | undefined;
  const catchUp = () => {
    clearTimeout(behind);
    behind = undefined;
    write(editor.getValue());
  };
  // A pause after the burst, not the next task: a pasted megabyte took ~100 ms to write into the
  // textarea, which right behind the paste's own task made one long silence of the two.
  editor.onChange(() => {
    clearTimeout(behind);
    behind = setTimeout(catchUp, CATCH_UP_MS);
    if (!echo) textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
  // What the browser keeps of the form when the page is left is the text as it is then.
  addEventListener('pagehide', () => {
    if (behind !== undefined) catchUp();
  });
  Object.defineProperty(textarea, 'value', {
    configurable: true,
    get: () => editor.getValue(),
    set(text: string) {
      if (editor.getValue() === text) return;
      echo = true;
      try {
        editor.setValue(text);
      } finally {
        echo = false;
      }
    },
  });

  const select: Select = (start, end) => {
    const model = view?.getModel();
    if (!view || !model) return editor.focus();
    const from = model.getPositionAt(start);
    const to = model.getPositionAt(end);
    view.setSelection(new monaco.Selection(from.lineNumber, from.column, to.lineNumber, to.column));
    view.revealRangeInCenterIfOutsideViewport(new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column));
    view.focus();
  };
  replaced.set(textarea, select);
  if (focused) select(selectionStart, selectionEnd);
  return select;
}
