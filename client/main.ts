/**
 * The browser app's entry: routes `/` to the workbook list, `/w/<path>` to a notebook,
 * `/alerts` to every workbook's alerts and `/audit` to who changed what, following in-app links
 * and the back button without reloading the page. The corner holds the theme toggle and the
 * shortcut sheet's button, on every page.
 */
import "./styles.css";
import { button, el } from "./dom.ts";
import { LiveSocket } from "./socket.ts";
import { applyTheme, storedTheme, themeToggle } from "./theme.ts";
import { alertsView } from "./views/alerts.ts";
import { auditView } from "./views/audit.ts";
import { ShortcutSheet } from "./views/shortcutSheet.ts";
// Last, so its narrow-screen rules come after every view's own.
import "./narrow.css";
import { listView } from "./views/list.ts";
import { notebookView } from "./views/notebook.ts";

const NOTEBOOK_PREFIX = "/w/";
const ALERTS = "/alerts";
const AUDIT = "/audit";
const PAGES = new Set(["/", ALERTS, AUDIT]);
const root = document.getElementById("app")!;
let socket: LiveSocket | undefined;
let leave: (() => void) | void;

function route(): void {
  leave?.();
  const path = location.pathname;
  if (path.startsWith(NOTEBOOK_PREFIX)) {
    socket ??= new LiveSocket();
    leave = notebookView(root, path.slice(NOTEBOOK_PREFIX.length).split("/").map(decodeURIComponent).join("/"), socket);
  } else if (path === ALERTS) {
    socket ??= new LiveSocket();
    leave = alertsView(root, socket);
  } else if (path === AUDIT) {
    leave = auditView(root);
  } else {
    leave = listView(root, navigate);
  }
}

function navigate(url: string): void {
  history.pushState(null, "", url);
  route();
}

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a") : null;
  if (
    !link ||
    link.target ||
    link.origin !== location.origin ||
    event.button !== 0 ||
    event.ctrlKey ||
    event.metaKey ||
    event.shiftKey ||
    event.altKey
  )
    return;
  if (!PAGES.has(link.pathname) && !link.pathname.startsWith(NOTEBOOK_PREFIX)) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
});
applyTheme(storedTheme());
const sheet = new ShortcutSheet();
document.body.append(
  el(
    "div",
    { class: "app-corner" },
    themeToggle(),
    button("?", () => sheet.open(), { title: "Keyboard shortcuts (?)", attrs: { "aria-label": "Keyboard shortcuts" } }),
  ),
);
window.addEventListener("popstate", route);
route();
