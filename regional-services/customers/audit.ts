import type { Actor } from "../../contracts/admin/actor.ts";
import type { Transaction } from "../shared/db.ts";
import type { CustomersDb, CustomersSchema } from "./db.ts";
import { auditLog } from "./staff-schema.ts";

/** What an admin change records beside its actor: written in the change's own transaction. */
export interface AuditEntry {
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  requestId: string;
}

/** The actor's display name in the log: kept as it was then, whatever the member is called later. */
function actorName(actor: Actor): string {
  return actor.kind === "staff" ? actor.email : actor.name;
}

export async function recordAudit(tx: CustomersDb | Transaction<CustomersSchema>, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actorName(actor),
    action: entry.action,
    target: entry.target,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: entry.requestId,
  });
}
