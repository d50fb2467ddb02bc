// Copy buttons on static code blocks (added on the reader's first move, page.ts), and copy-on-click for
// section and example links.
export function addCopyButtons(root: ParentNode): void {
  for (const pre of root.querySelectorAll<HTMLPreElement>('pre.astro-code')) {
    if (pre.closest('live-sql, prisma-lab, [data-original]') || pre.parentElement?.classList.contains('code-block')) continue;
    const wrapper = document.createElement('div');
    wrapper.className = 'code-block';
    pre.replaceWith(wrapper);
    wrapper.append(pre);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-code';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy code to clipboard');
    button.addEventListener('click', () => {
      void writeClipboard(pre.textContent ?? '').then((ok) => flash(button, ok ? 'Copied' : 'Copy failed'));
    });
    wrapper.append(button);
  }
}

export async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function flash(button: HTMLElement, text: string): void {
  const original = button.textContent;
  button.textContent = text;
  setTimeout(() => (button.textContent = original), 1500);
}

/** The link still navigates (the URL bar then shows it); copying is a convenience on top. */
export async function copyLink(anchor: HTMLAnchorElement): Promise<void> {
  const url = new URL(anchor.getAttribute('href') ?? '', location.href).href;
  if (await writeClipboard(url)) anchor.dataset.copied = '';
}
