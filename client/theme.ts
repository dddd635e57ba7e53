/**
 * The light/dark choice. By default the page follows the system's `prefers-color-scheme`
 * (theme.css's light-dark() colours); a person may pin light or dark instead, kept in this
 * browser's localStorage and applied as `data-theme` on the root element before anything draws.
 */
import { button } from "./dom.ts";

export type ThemeChoice = "system" | "light" | "dark";

const STORAGE_KEY = "driftbook:theme";
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "dark", dark: "light", light: "system" };
const LABEL: Record<ThemeChoice, string> = { system: "◐ Auto", dark: "☾ Dark", light: "☀ Light" };

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system"; // storage refused (private mode, a policy): the system's choice
  }
}

const THEME_EVENT = "driftbook:theme";
const SYSTEM_DARK = matchMedia("(prefers-color-scheme: dark)");

export function applyTheme(choice: ThemeChoice): void {
  if (choice === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  document.dispatchEvent(new Event(THEME_EVENT));
}

/** Whether the page shows dark now: chosen, or following a dark system. */
function isDark(): boolean {
  const chosen = document.documentElement.dataset.theme;
  return chosen === "dark" || (chosen === undefined && SYSTEM_DARK.matches);
}

/** Calls `listener` now and whenever the page turns light or dark (a choice, or the system's change). */
export function followTheme(listener: (dark: boolean) => void): void {
  const changed = () => listener(isDark());
  SYSTEM_DARK.addEventListener("change", changed);
  document.addEventListener(THEME_EVENT, changed);
  changed();
}

/** A button cycling Auto → Dark → Light, remembering the choice. */
export function themeToggle(): HTMLButtonElement {
  let choice = storedTheme();
  const toggle = button(
    "",
    () => {
      choice = NEXT[choice];
      try {
        if (choice === "system") localStorage.removeItem(STORAGE_KEY);
        else localStorage.setItem(STORAGE_KEY, choice);
      } catch {
        // Not kept: the choice lasts for this page.
      }
      applyTheme(choice);
      show();
    },
    { class: "theme-toggle" },
  );
  const show = () => {
    toggle.textContent = LABEL[choice];
    toggle.title = `Theme: ${choice === "system" ? "following the system" : choice} (click to change)`;
    toggle.setAttribute("aria-label", toggle.title);
  };
  show();
  return toggle;
}
