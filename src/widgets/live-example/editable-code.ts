/**
 * Monaco takes a moment to arrive: until it does, an example's static code block itself takes the
 * reader's typing (the editor then starts from that text, caret included, see editor/sql-editor.ts;
 * a Run before then runs it too). Made editable on pointerdown, before the browser places the caret,
 * by the <live-sql> element or, if the reader is quicker than its chunk, by live-sql-early.ts.
 */

/** Enter in the editable static block: a "\n" in its text (Chromium would add a <br>, which textContent misses). */
function newLineAsText(event: KeyboardEvent): void {
  const selection = getSelection();
  if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey || !selection?.rangeCount) return;
  event.preventDefault();
  const range = selection.getRangeAt(0);
  range.deleteContents();
  const text = document.createTextNode('\n');
  range.insertNode(text);
  range.setStartAfter(text);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
}

/**
 * For a pointerdown on the example's code or its Edit button; `atEnd` (the Edit button, which keeps
 * the pointer) puts the caret at the end of the code once the button is released. Answers whether
 * this call made it editable (false: it already was, or there is no code block).
 */
export function makeCodeEditable(example: Element, atEnd: boolean): boolean {
  const pre = example.querySelector<HTMLElement>('[data-role="code"] pre');
  if (!pre || pre.isContentEditable) return false;
  pre.contentEditable = 'plaintext-only';
  pre.spellcheck = false;
  pre.addEventListener('keydown', newLineAsText);
  if (atEnd)
    requestAnimationFrame(() => {
      pre.focus();
      const selection = getSelection();
      selection?.selectAllChildren(pre);
      selection?.collapseToEnd();
    });
  return true;
}
