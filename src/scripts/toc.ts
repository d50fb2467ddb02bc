// Marks, in "On this page", the section the reader is in: the last heading that has scrolled past
// the top fifth of the window. One IntersectionObserver, no scroll handler: a chapter with a running
// example must not pay for scrolling.
let observer: IntersectionObserver | undefined;

export function followSections(root: ParentNode): void {
  observer?.disconnect();
  const links = new Map(
    [...root.querySelectorAll<HTMLAnchorElement>('.toc a[href^="#"]')].map((a) => [decodeURIComponent(a.hash.slice(1)), a]),
  );
  const headings = [...links.keys()].map((id) => document.getElementById(id)).filter((h): h is HTMLElement => h !== null);
  if (headings.length === 0) return;
  const mark = () => {
    const line = innerHeight / 5;
    let current = headings[0]!;
    for (const heading of headings) if (heading.getBoundingClientRect().top <= line) current = heading;
    for (const [id, link] of links) {
      if (id === current.id) link.setAttribute('aria-current', 'location');
      else link.removeAttribute('aria-current');
    }
  };
  observer = new IntersectionObserver(mark, { rootMargin: '0px 0px -80% 0px' });
  for (const heading of headings) observer.observe(heading);
  mark();
}
