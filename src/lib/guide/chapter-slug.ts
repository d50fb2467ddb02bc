/** `content/guide/02-defensive-sql.mdx` → `defensive-sql`: the number orders, the rest is the URL. */
export function chapterSlug(fileName: string): string {
  const base = fileName.split('/').pop() ?? fileName;
  return base.replace(/\.mdx?$/, '').replace(/^\d+-/, '');
}

export function chapterUrl(slug: string): string {
  return `/guide/${slug}/`;
}
