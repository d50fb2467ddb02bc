/**
 * Finds the data-role / data-action names a source file uses, in every form this code base writes
 * them: markup and selectors (`data-role="x"`), hast properties (`'data-role': 'x'`), `dataset.role = 'x'`
 * and comparisons, `getAttribute('data-role') === 'x'`, intents (`action: 'x'`, `action === 'x'`), the
 * button helpers (`button('x', …)`, `choice('x', …)`), a contract's own selectors (`labUi.role('x')`)
 * and the `case 'x':` of a switch over an action.
 * A name built at run time (`data-role="${name}"`) is not seen: the contract test only trusts literals.
 */
export type NameKind = 'role' | 'action';

export interface FoundName {
  kind: NameKind;
  name: string;
}

const NAME = String.raw`([a-z][a-z0-9-]*)`;
const PATTERNS: [RegExp, NameKind | undefined][] = [
  [new RegExp(String.raw`data-(role|action)=\\?["']?${NAME}`, 'g'), undefined],
  [new RegExp(String.raw`['"]data-(role|action)['"]\s*:\s*['"]${NAME}['"]`, 'g'), undefined],
  [new RegExp(String.raw`dataset\.(role|action)\s*(?:=|===|!==)\s*['"]${NAME}['"]`, 'g'), undefined],
  [new RegExp(String.raw`getAttribute\(\s*['"]data-(role|action)['"]\s*\)\s*(?:===|!==)\s*['"]${NAME}['"]`, 'g'), undefined],
  [new RegExp(String.raw`\b(action)(?:\s*:|\s*===|\s*!==)\s*['"]${NAME}['"]`, 'g'), undefined],
  [new RegExp(String.raw`\b(?:button|choice)\(\s*['"]${NAME}['"]`, 'g'), 'action'],
  [new RegExp(String.raw`\b\w+Ui\.(role|action)\(\s*['"]${NAME}['"]`, 'g'), undefined],
];

export function namesIn(text: string): FoundName[] {
  const found = new Map<string, FoundName>();
  const add = (kind: NameKind, name: string) => found.set(`${kind}:${name}`, { kind, name });
  for (const [pattern, kind] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      if (kind) add(kind, match[1]!);
      else add(match[1] as NameKind, match[2]!);
    }
  }
  for (const name of actionCases(text)) add('action', name);
  return [...found.values()];
}

/** The `case 'x':` labels of every `switch (…action…)` or `switch (intent…)`, up to its closing brace. */
function actionCases(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/switch\s*\(([^)]*)\)\s*\{/g)) {
    if (!/action|intent/.test(match[1]!)) continue;
    let depth = 1;
    let end = match.index + match[0].length;
    while (end < text.length && depth > 0) {
      if (text[end] === '{') depth += 1;
      else if (text[end] === '}') depth -= 1;
      end += 1;
    }
    for (const label of text.slice(match.index, end).matchAll(/\bcase\s+['"]([a-z][a-z0-9-]*)['"]\s*:/g)) names.push(label[1]!);
  }
  return names;
}
