/**
 * An element a widget's markup must hold. Its absence is a build bug, not a reader's mistake, so it
 * throws at once with the widget and the selector rather than failing later on a null.
 */
export function required<T extends Element>(root: ParentNode, selector: string, widget: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`${widget} is missing ${selector}`);
  return found;
}
