/** A DOM element with a class and children; text children go in as text, never as markup. */
export function el(tag: string, className?: string, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.append(...children);
  return element;
}
