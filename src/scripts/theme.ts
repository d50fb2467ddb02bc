// The theme follows the system until a reader picks one; the choice is remembered per browser.
type Choice = 'system' | 'light' | 'dark';
const KEY = 'mfg-theme';
const ORDER: Choice[] = ['system', 'light', 'dark'];

function stored(): Choice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export function applyStoredTheme(): void {
  const choice = stored();
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export function cycleTheme(): void {
  const next = ORDER[(ORDER.indexOf(stored()) + 1) % ORDER.length] ?? 'system';
  try {
    if (next === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
  } catch {
    // Storage disabled: the choice then lasts for this page only.
    if (next !== 'system') document.documentElement.dataset.theme = next;
    else delete document.documentElement.dataset.theme;
    return;
  }
  applyStoredTheme();
}

export function describeTheme(): string {
  return `Color theme: ${stored()} (change)`;
}
