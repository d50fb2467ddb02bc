/**
 * A widget's contract: the `data-role` and `data-action` names its markup and controller put on
 * elements, which the tests find them by. The names are data so that
 * tests/unit/architecture/widget-contracts.test.ts can compare them with what the source really uses
 * (a name the source uses that no contract holds fails it, and so does a name nothing uses).
 * `uses` merges the contracts of the parts a widget draws with (the output view, lock views, notes),
 * so a test can find every element of one widget through that widget's contract alone.
 */
export interface Contract<R extends string, A extends string> {
  /** The names this contract itself declares (not those it uses from parts). */
  readonly ownRoles: readonly R[];
  readonly ownActions: readonly A[];
  readonly roles: ReadonlySet<string>;
  readonly actions: ReadonlySet<string>;
  /** `[data-role="name"]`, for querySelector and test locators. */
  role(name: R): string;
  /** `[data-action="name"]`. */
  action(name: A): string;
}

interface Spec<R extends string, A extends string> {
  roles: readonly R[];
  actions: readonly A[];
}

export function contract<const R extends string, const A extends string, R2 extends string = never, A2 extends string = never>(
  spec: Spec<R, A>,
  ...uses: Contract<R2, A2>[]
): Contract<R | R2, A | A2> {
  const roles = new Set<string>([...spec.roles, ...uses.flatMap((part) => [...part.roles])]);
  const actions = new Set<string>([...spec.actions, ...uses.flatMap((part) => [...part.actions])]);
  return {
    ownRoles: spec.roles,
    ownActions: spec.actions,
    roles,
    actions,
    role: (name) => `[data-role="${known(roles, name, 'role')}"]`,
    action: (name) => `[data-action="${known(actions, name, 'action')}"]`,
  };
}

// Types catch a misspelt name in TypeScript; this catches one that reached here through a cast or a variable.
function known(names: ReadonlySet<string>, name: string, kind: string): string {
  if (!names.has(name)) throw new Error(`No data-${kind} "${name}" in this widget's contract`);
  return name;
}
