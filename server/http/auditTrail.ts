/**
 * What the routes call to record a change: the request names the user (requestUser.ts), the
 * route names the action and what it acted on, the store keeps it (audit/store.ts).
 */
import type { IncomingMessage } from "node:http";
import type { AuditStore } from "../audit/store.ts";
import type { AuditAction } from "../protocol/index.ts";
import type { RequestUser } from "./requestUser.ts";

export class AuditTrail {
  constructor(
    readonly store: AuditStore,
    private readonly users: RequestUser,
  ) {}

  /** The request's user: the proxy's name for them, or `local`. */
  userOf(req: IncomingMessage): string {
    return this.users.of(req);
  }

  record(req: IncomingMessage, action: AuditAction, about: { workbook?: string; target?: string } = {}): void {
    this.store.record({ user: this.userOf(req), action, ...about });
  }
}
