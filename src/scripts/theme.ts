// The theme follows the system until a reader picks one; the choice is remembered per browser.
// The button says what is in force ("Auto", "Light", "Dark"), and its first press always changes
// what the reader sees: from Auto it goes to the opposite of the system's theme, then to the
// system's own, then back to Auto.
type Choice = 'system' | 'light' | 'dark';
const KEY = 'mfg-theme';
const LABEL: Record<Choice, [icon: string, text: string]> = { system: ['◐', 'Auto'], light: ['☀', 'Light'], dark: ['☾', 'Dark'] };

const systemTheme = (): 'light' | 'dark' => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

function stored(): Choice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

// Storage disabled: the choice then lasts for this page only, held on the element itself.
let unsaved: Choice | undefined;
const current = (): Choice => unsaved ?? stored();

function applyStoredTheme(): void {
  const choice = current();
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

function nextChoice(choice: Choice): Choice {
  const system = systemTheme();
  const opposite = system === 'dark' ? 'light' : 'dark';
  return choice === 'system' ? opposite : choice === opposite ? system : 'system';
}

export function cycleTheme(): void {
  const next = nextChoice(current());
  try {
    if (next === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
    unsaved = undefined;
  } catch {
    unsaved = next;
  }
  applyStoredTheme();
}

/** Shows the theme in force on the button; its accessible name says what a press does. */
export function showTheme(button: HTMLElement): void {
  const choice = current();
  const [icon, text] = LABEL[choice];
  const [iconEl, textEl] = button.querySelectorAll('span');
  if (iconEl) iconEl.textContent = icon;
  if (textEl) textEl.textContent = text;
  // The visible word first: a speech user says what they see (WCAG 2.5.3, label in name).
  const detail = choice === 'system' ? ` (${systemTheme()}, as the system)` : '';
  button.setAttribute('aria-label', `${text} color theme${detail}. Switch to ${LABEL[nextChoice(choice)][1].toLowerCase()}`);
}
