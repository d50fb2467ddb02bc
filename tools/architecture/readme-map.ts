/**
 * README's architecture map against the tree: the map is the newcomer's first picture of the house,
 * so a folder it does not name, or a path it names that is gone, fails tests/unit/architecture.
 *
 * The map is the first fenced block after "## Architecture". A line that starts in the first column
 * opens an entry named by its first word (`src/lib/dom/`); a line indented by two spaces that starts
 * with a folder name (`  live-example/`) opens an entry inside the last one; any other line carries on
 * the current entry's text.
 */
export interface MapEntry {
  path: string;
  text: string;
}

export interface Folder {
  /** e.g. `src/lib/prisma-lab/commands` (no trailing slash). */
  path: string;
  /** False for a folder that only holds folders (src/lib): it needs no words of its own. */
  hasFiles: boolean;
}

export function readMap(readme: string): MapEntry[] {
  const section = readme.indexOf('## Architecture');
  if (section < 0) throw new Error('README has no "## Architecture" section');
  const open = readme.indexOf('```', section);
  const close = readme.indexOf('```', open + 3);
  if (open < 0 || close < 0) throw new Error("README's Architecture section has no fenced map");
  const entries: MapEntry[] = [];
  let top: MapEntry | undefined;
  let current: MapEntry | undefined;
  for (const line of readme.slice(readme.indexOf('\n', open) + 1, close).split('\n')) {
    const topPath = /^(\S+)/.exec(line)?.[1];
    const inner = /^ {2}([\w.-]+\/)\s/.exec(line)?.[1];
    if (topPath) {
      top = current = { path: topPath, text: line.slice(topPath.length) };
      entries.push(current);
    } else if (inner && top) {
      current = { path: `${top.path.replace(/\/?$/, '/')}${inner}`, text: line.slice(inner.length + 2) };
      entries.push(current);
    } else if (current) {
      current.text += `\n${line}`;
    }
  }
  return entries;
}

const bare = (path: string) => path.replace(/\/$/, '');

/** What the map gets wrong about the tree, one sentence each; empty when it matches. */
export function mapProblems(entries: MapEntry[], folders: Folder[], exists: (path: string) => boolean): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    if (!exists(bare(entry.path))) problems.push(`the map lists ${entry.path}, which is not in the tree`);
  }
  const byPath = new Map(entries.map((entry) => [bare(entry.path), entry]));
  for (const folder of folders) {
    if (byPath.has(folder.path) || !folder.hasFiles) continue;
    // A folder inside a listed one may be named in that entry's words instead (`commands/ (one file per command …)`).
    const parts = folder.path.split('/');
    const ancestor = parts
      .map((_, index) => parts.slice(0, index).join('/'))
      .reverse()
      .find((path) => byPath.has(path));
    const relative = ancestor === undefined ? folder.path : folder.path.slice(ancestor.length + 1);
    if (ancestor === undefined || !byPath.get(ancestor)!.text.includes(`${relative}/`)) {
      problems.push(`${folder.path}/ is not in the map${ancestor ? ` (nor named as ${relative}/ under ${ancestor}/)` : ''}`);
    }
  }
  return problems;
}
