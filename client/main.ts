/**
 * The browser app's entry: routes `/` to the workbook list, `/w/<path>` to a notebook and
 * `/alerts` to every workbook's alerts, following in-app links and the back button without
 * reloading the page.
 */
import "./styles.css";
import { LiveSocket } from "./socket.ts";
import { alertsView } from "./views/alerts.ts";
import { listView } from "./views/list.ts";
import { notebookView } from "./views/notebook.ts";

const NOTEBOOK_PREFIX = "/w/";
const ALERTS = "/alerts";
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
  if (link.pathname !== "/" && link.pathname !== ALERTS && !link.pathname.startsWith(NOTEBOOK_PREFIX)) return;
  event.preventDefault();
  navigate(link.pathname);
});
window.addEventListener("popstate", route);
route();
