/**
 * Shows each example's saved edit in place of the guide's code, before anything else touches it.
 * Loaded only when this browser holds a saved edit (page.ts checks), so pages cost nothing extra
 * for readers who never edit.
 */
import { readSavedEdit } from '../../lib/share/saved-edits.ts';
import { injectStyle } from '../../lib/dom/inject-style.ts';
import shareCss from '../../lib/share/share.css?inline';
import { exampleIdOf } from './example-id.ts';

export function restoreSavedEdits(root: ParentNode): void {
  injectStyle('share', shareCss);
  for (const element of root.querySelectorAll<HTMLElement & { originalSql?: string }>('live-sql')) {
    const id = exampleIdOf(element);
    const code = element.querySelector('[data-role="code"] pre code');
    const saved = id ? readSavedEdit(id) : undefined;
    if (!code || saved === undefined || element.originalSql !== undefined || element.dataset.upgraded !== undefined) continue;
    element.originalSql = (code.textContent ?? '').replace(/\n$/, '');
    if (saved === element.originalSql) continue;
    code.textContent = saved;
    element.dataset.edited = 'saved';
    const note = document.createElement('p');
    note.className = 'ex-note';
    note.dataset.role = 'edit-note';
    note.append('Your edit, saved in this browser. ');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'ex-button';
    button.dataset.action = 'restore-original';
    button.textContent = 'Restore original SQL';
    note.append(button);
    element.querySelector('.ex-bar')?.before(note);
  }
}
