import { lazyModule } from '../dom/lazy-module.ts';

const loadTextareaEditor = lazyModule(() => import('./textarea-editor.ts'));
// Loaded, not imported: imported, its chunk was one more file before interaction on /check, over
// that page's ceiling (tests/e2e/page-bytes.spec.ts).
const loadEditorChunk = lazyModule(() => import('./editor-chunk.ts'));

/**
 * A plain textarea until the reader first presses or focuses it, then the SQL editor in its place
 * (textarea-editor.ts, loaded then: a reader who never focuses pays nothing). The textarea stays the
 * source of truth, so drafts, share links and the page's own code keep reading and writing its value;
 * what the reader types while the editor loads goes into it and carries over, caret included.
 * Returns how to select [start, end) of the text in whichever of the two is on show.
 */
export function editorOnFocus(
  textarea: HTMLTextAreaElement,
  options: { label: string; onRun: () => void },
): (start: number, end: number) => void {
  // A failed download leaves the textarea working, and the next focus tries again (under a fresh
  // URL: lazy-module.ts says why).
  const upgrade = () =>
    Promise.all([loadEditorChunk().then((chunk) => chunk.loadSqlEditor()), loadTextareaEditor()]).then(
      ([editorModule, module]) => module.replaceTextarea(textarea, options, editorModule),
      () => undefined,
    );
  textarea.addEventListener('pointerdown', upgrade);
  textarea.addEventListener('focus', upgrade);
  // Focused before the page's script arrived: the reader is typing there already.
  if (document.activeElement === textarea) void upgrade();
  return (start, end) => {
    if (textarea.hidden) return void upgrade().then((select) => select?.(start, end));
    textarea.focus();
    textarea.setSelectionRange(start, end);
  };
}
