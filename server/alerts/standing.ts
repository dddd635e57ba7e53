/**
 * Puts each alert instance's state beside what its cell showed (the protocol's AlertStanding),
 * so every viewer — the editor, a share view, `/report`, a stored report, `driftbook run --html`
 * and `--json` — says where the rule stands and not only whether `when` held: after a production
 * run, the state it stored; in a preview, the state this evaluation would move it to from the
 * stored one, marked as a preview. A `for: 2 runs` rule that holds once reads "pending 1/2",
 * never a bare "firing" (Prometheus and Grafana call that state pending until `for` has passed).
 * Pure: it takes the evaluation's instances and returns new outputs.
 */
import type { AlertStanding, Output } from "../protocol/index.ts";
import { ruleMessage } from "./message.ts";
import type { AlertRule } from "./rule.ts";
import type { StoredInstance } from "./state.ts";

export interface StandingOptions {
  rules: AlertRule[];
  /** The instances as the evaluation left them (for a preview: as they would be). */
  instances: StoredInstance[];
  /** The instances as stored before it. */
  stored: StoredInstance[];
  preview: boolean;
  /** More names for `message` templates: the front matter's `model`, `params`… */
  templateData?: Record<string, unknown>;
}

/** `cells` with the state of each alert instance added to their alert outputs. */
export function withStandings<C extends { outputs: Output[] }>(cells: C[], options: StandingOptions): C[] {
  return cells.map((cell) => ({ ...cell, outputs: cell.outputs.map((output) => withStanding(output, options)) }));
}

function withStanding(output: Output, options: StandingOptions): Output {
  if (output.kind !== "alert") return output;
  const rule = options.rules.find((candidate) => candidate.name === output.name);
  if (!rule) return output;
  const find = (list: StoredInstance[], key: string) =>
    list.find((instance) => instance.ruleId === rule.id && instance.instance === key);
  return {
    ...output,
    instances: output.instances.map((shown) => {
      const key = shown.key ?? "";
      const instance = find(options.instances, key);
      if (!instance) return shown;
      const before = find(options.stored, key);
      const standing: AlertStanding = {
        preview: options.preview,
        state: instance.state,
        since: instance.since,
        activeSince: instance.activeSince,
        pendingCount: instance.pendingCount,
        hold: rule.for,
      };
      if (options.preview)
        standing.stored = before
          ? { state: before.state, pendingCount: before.pendingCount }
          : { state: "normal", pendingCount: 0 };
      const message = ruleMessage(
        { rule, instance: key, value: instance.lastValue, labels: instance.labels, status: instance.state },
        options.templateData,
      );
      if (message !== undefined) standing.message = message;
      return { ...shown, standing };
    }),
  };
}
