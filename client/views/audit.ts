/**
 * The audit page (`/audit`): who silenced, shared, committed, ran or saved what, newest first,
 * as Grafana's audit log lists it. The user is the one the single-sign-on proxy named
 * (`--auth-proxy-header`), or `local`. Filters (user, action, workbook) live in the URL so a
 * view can be linked; "Older" loads the next page.
 */
import { encodePath } from "../api.ts";
import { AUDIT_ACTIONS, listAudit, type AuditEvent, type AuditFilter } from "../auditApi.ts";
import { button, el } from "../dom.ts";
import { queryFields, replaceQuery } from "../pageQuery.ts";
import { refreshTimes, timeElement } from "./alertParts.ts";

const PAGE = 50;
const FIELDS = ["user", "action", "workbook"] as const;

export function auditView(root: HTMLElement): () => void {
  const filter = queryFields(FIELDS) as AuditFilter; // an unknown action is the server's 400
  const user = el("input", { attrs: { name: "user", placeholder: "anyone", value: filter.user ?? "" } });
  const workbook = el("input", { attrs: { name: "workbook", placeholder: "any", value: filter.workbook ?? "" } });
  const action = el(
    "select",
    { attrs: { name: "action" } },
    el("option", { text: "any", attrs: { value: "" } }),
    ...AUDIT_ACTIONS.map((name) => el("option", { text: name, attrs: { value: name } })),
  );
  action.value = filter.action ?? "";
  const form = el(
    "form",
    { class: "audit-filters", attrs: { role: "search", "aria-label": "Filter the audit trail" } },
    el("label", {}, "User ", user),
    el("label", {}, "Action ", action),
    el("label", {}, "Workbook ", workbook),
    el("button", { text: "Filter", attrs: { type: "submit" } }),
  );
  const status = el("p", { class: "note", text: "Loading…", attrs: { role: "status" } });
  const rows = el("tbody");
  const older = button("Older", () => void load());
  older.hidden = true;
  root.replaceChildren(
    el(
      "main",
      { class: "audit-page" },
      el("div", { class: "page-bar" }, el("a", { text: "← Workbooks", attrs: { href: "/" } })),
      el("h1", { text: "Audit" }),
      form,
      status,
      el(
        "div",
        { class: "table-scroll" },
        el(
          "table",
          { class: "audit-table alerts-table" },
          el(
            "thead",
            {},
            el("tr", {}, ...["When", "User", "Action", "Workbook", "What"].map((name) => el("th", { text: name }))),
          ),
          rows,
        ),
      ),
      older,
    ),
  );
  document.title = "Audit · Driftbook";

  let next: number | undefined;
  let disposed = false;
  async function load(): Promise<void> {
    try {
      const page = await listAudit(filter, { limit: PAGE, before: next });
      if (disposed) return;
      rows.append(...page.events.map(row));
      next = page.next ?? undefined;
      older.hidden = page.next === null;
      status.textContent = rows.children.length ? "" : "Nothing recorded yet that matches.";
    } catch (failure) {
      if (!disposed) status.textContent = `Could not load the audit trail: ${(failure as Error).message}`;
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = { user: user.value.trim(), action: action.value, workbook: workbook.value.trim() };
    replaceQuery(chosen);
    for (const name of FIELDS) delete filter[name];
    Object.assign(filter, Object.fromEntries(Object.entries(chosen).filter(([, value]) => value)));
    rows.replaceChildren();
    next = undefined;
    void load();
  });
  void load();
  const clock = setInterval(() => refreshTimes(rows), 30_000);
  return () => {
    disposed = true;
    clearInterval(clock);
  };
}

function row(event: AuditEvent): HTMLTableRowElement {
  return el(
    "tr",
    { attrs: { "data-action": event.action } },
    el("td", {}, timeElement(event.at)),
    el("td", { class: "audit-user", text: event.user }),
    el("td", { class: "alert-rule", text: event.action }),
    el(
      "td",
      {},
      ...(event.workbook
        ? [el("a", { text: event.workbook, attrs: { href: `/w/${encodePath(event.workbook)}` } })]
        : []),
    ),
    el("td", { class: "audit-target", text: event.target ?? "" }),
  );
}
