/**
 * The import rules over a graph: which arrows point up a layer, which cross between isolated widgets,
 * which close a cycle (between files, or between groups of one layer). Pure: the test feeds it
 * made-up graphs to prove each rule can fail.
 */
import type { Arrow, ImportGraph } from './graph.ts';
import type { Layer } from './layers.ts';

export interface Placement {
  layer: number;
  layerName: string;
  group: string;
}

export interface Violation {
  kind: 'backward' | 'between-widgets' | 'file-cycle' | 'group-cycle' | 'unplaced';
  message: string;
}

export function placer(layers: Layer[]): (file: string) => Placement | undefined {
  const entries = layers.flatMap((layer, index) =>
    layer.groups.flatMap((group) =>
      group.paths.map((path) => ({ path, placement: { layer: index, layerName: layer.name, group: group.name } })),
    ),
  );
  entries.sort((a, b) => b.path.length - a.path.length);
  return (file) => entries.find(({ path }) => (path.endsWith('/') ? file.startsWith(path) : file === path))?.placement;
}

/** Strongly connected components with more than one member (Tarjan), each sorted, for stable messages. */
export function cycles(nodes: string[], edges: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return found;
}

function edgesOf(pairs: Array<[string, string]>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [from, to] of pairs) {
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
  return edges;
}

/** One example arrow per pair, so a cycle's message names the files that close it. */
function witness(arrows: Arrow[], fromGroup: string, toGroup: string, groupOf: (file: string) => string): string {
  const arrow = arrows.find((a) => groupOf(a.from) === fromGroup && groupOf(a.to) === toGroup);
  return arrow ? `${arrow.from} → ${arrow.to}` : `${fromGroup} → ${toGroup}`;
}

export function checkLayers(graph: ImportGraph, layers: Layer[]): Violation[] {
  const place = placer(layers);
  const violations: Violation[] = [];
  for (const file of graph.files) {
    if (!place(file))
      violations.push({ kind: 'unplaced', message: `${file} belongs to no layer: add its folder to tools/architecture/layers.ts` });
  }
  for (const arrow of graph.arrows) {
    const from = place(arrow.from);
    const to = place(arrow.to);
    if (!from || !to) continue;
    const described = `${arrow.from} → ${arrow.to}`;
    if (to.layer < from.layer) {
      violations.push({
        kind: 'backward',
        message: `${described}: ${from.layerName} (${from.group}) imports ${to.layerName} (${to.group}), a layer above it`,
      });
    } else if (to.layer === from.layer && to.group !== from.group && layers[from.layer]!.isolated) {
      violations.push({
        kind: 'between-widgets',
        message: `${described}: ${from.layerName} ${from.group} imports ${to.group}; move what both need to a layer below`,
      });
    }
  }
  for (const component of cycles(graph.files, edgesOf(graph.arrows.map((a) => [a.from, a.to])))) {
    violations.push({ kind: 'file-cycle', message: `import cycle between files: ${component.join(' ⇄ ')}` });
  }
  const groupKey = (file: string): string => {
    const placement = place(file);
    return placement ? `${placement.layerName}/${placement.group}` : file;
  };
  const groupPairs = graph.arrows
    .filter((a) => place(a.from) && place(a.to) && place(a.from)!.layer === place(a.to)!.layer)
    .map((a): [string, string] => [groupKey(a.from), groupKey(a.to)]);
  const groups = [...new Set(groupPairs.flat())];
  const groupEdges = edgesOf(groupPairs);
  for (const component of cycles(groups, groupEdges)) {
    const shown = component.flatMap((from) =>
      component.filter((to) => groupEdges.get(from)?.has(to)).map((to) => witness(graph.arrows, from, to, groupKey)),
    );
    violations.push({ kind: 'group-cycle', message: `cycle between ${component.join(' ⇄ ')}: ${shown.join('; ')}` });
  }
  return violations;
}

/** The figures for a closing note: folders, arrows between folders, backward arrows, cycles. */
export function figures(graph: ImportGraph, layers: Layer[]) {
  const folderOf = (file: string): string => file.split('/').slice(0, -1).join('/') || file;
  const folderArrows = new Set(
    graph.arrows.filter((a) => folderOf(a.from) !== folderOf(a.to)).map((a) => `${folderOf(a.from)}→${folderOf(a.to)}`),
  );
  const violations = checkLayers(graph, layers);
  const count = (kind: Violation['kind']) => violations.filter((v) => v.kind === kind).length;
  return {
    files: graph.files.length,
    folders: new Set(graph.files.map(folderOf)).size,
    fileArrows: graph.arrows.length,
    folderArrows: folderArrows.size,
    backward: count('backward') + count('between-widgets'),
    fileCycles: count('file-cycle'),
    groupCycles: count('group-cycle'),
    unplaced: count('unplaced'),
    violations,
  };
}
