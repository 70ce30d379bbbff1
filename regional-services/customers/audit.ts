import { and, desc, eq, gte, like, lt, lte, or, sql } from "drizzle-orm";
import type { Actor } from "../../contracts/admin/actor.ts";
import type { AuditEntry as AuditEntryView, AuditQuery } from "../../contracts/admin/api.ts";
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

/** `text` as a LIKE prefix: its own % and _ match themselves. */
function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function toEntry(row: typeof auditLog.$inferSelect): AuditEntryView {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actor: { kind: row.actorKind === "token" ? "token" : "staff", id: row.actorId, name: row.actorName },
    action: row.action,
    target: row.target,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
  };
}

/** One page of the log, newest first; `nextBefore` is the `before` of the next page (null at the end). */
export async function searchAudit(db: CustomersDb, query: AuditQuery): Promise<{ entries: AuditEntryView[]; nextBefore: number | null }> {
  const conditions = [
    query.actor === undefined ? undefined : or(eq(auditLog.actorId, query.actor), eq(sql`lower(${auditLog.actorName})`, query.actor.toLowerCase())),
    query.action === undefined ? undefined : like(auditLog.action, prefixPattern(query.action)),
    query.target === undefined ? undefined : like(auditLog.target, prefixPattern(query.target)),
    query.from === undefined ? undefined : gte(auditLog.at, new Date(query.from)),
    query.to === undefined ? undefined : lte(auditLog.at, new Date(query.to)),
    query.requestId === undefined ? undefined : eq(auditLog.requestId, query.requestId),
    query.before === undefined ? undefined : lt(auditLog.seq, query.before),
  ];
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit).map(toEntry);
  return { entries: page, nextBefore: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null };
}
