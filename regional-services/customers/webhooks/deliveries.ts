import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Actor } from "../../../contracts/admin/actor.ts";
import { WEBHOOK_TEST_EVENT, type WebhookDeliveriesQuery, type WebhookDelivery, type WebhookDeliveryDetail } from "../../../contracts/admin/webhooks-api.ts";
import { notFound } from "../../../platform/errors.ts";
import { recordAudit } from "../audit.ts";
import type { CustomersDb, CustomersTx } from "../db.ts";
import { endpointRow } from "./endpoints.ts";
import { webhookDeliveries, type WebhookDeliveryRow } from "./schema.ts";

/**
 * The delivery log: deliveries queued (by the feed, a replay or a test), listed and read. Queuing
 * is keyed (`dedupeKey`), so the same event for the same endpoint, or the same admin click sent
 * twice, queues one delivery; the dispatcher sends what is queued.
 */
export interface NewDelivery {
  endpointId: string;
  eventId: string;
  type: string;
  payload: unknown;
  eventCreatedAt: Date;
  dedupeKey: string;
  replayOf?: string | undefined;
}

/** The row of a delivery to be sent from `now` on. */
const pendingRow = (delivery: NewDelivery, now: Date) => ({
  id: `wd_${crypto.randomUUID()}`,
  ...delivery,
  replayOf: delivery.replayOf ?? null,
  status: "pending" as const,
  nextAttemptAt: now,
});

/** Queues a delivery to be sent now; answers the one already queued under the same key, if any. */
export async function queueDelivery(tx: CustomersDb | CustomersTx, delivery: NewDelivery): Promise<{ row: WebhookDeliveryRow; created: boolean }> {
  const [inserted] = await tx
    .insert(webhookDeliveries)
    .values(pendingRow(delivery, new Date()))
    .onConflictDoNothing({ target: webhookDeliveries.dedupeKey })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.dedupeKey, delivery.dedupeKey)).limit(1);
  if (!existing) throw new Error(`delivery ${delivery.dedupeKey} neither inserted nor found`);
  return { row: existing, created: false };
}

/** Rows per insert: about ten parameters each, well under the 65,535 a statement may carry. */
const QUEUE_BATCH = 1_000;

/**
 * Queues many deliveries to be sent now, created in the order given (the log lists them by it);
 * one already queued under the same key is left as it is.
 */
export async function queueDeliveries(tx: CustomersTx, deliveries: readonly NewDelivery[]): Promise<void> {
  const now = new Date();
  for (let i = 0; i < deliveries.length; i += QUEUE_BATCH) {
    const rows = deliveries.slice(i, i + QUEUE_BATCH).map((delivery) => pendingRow(delivery, now));
    await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing({ target: webhookDeliveries.dedupeKey });
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    seq: row.seq,
    endpointId: row.endpointId,
    eventId: row.eventId,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: iso(row.nextAttemptAt),
    lastAttemptAt: iso(row.lastAttemptAt),
    lastResponseCode: row.lastResponseCode,
    lastError: row.lastError,
    replayOf: row.replayOf,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The JSON body a delivery POSTs: the same bytes on every attempt of it. */
export function deliveryBody(row: Pick<WebhookDeliveryRow, "eventId" | "type" | "payload" | "eventCreatedAt">) {
  return { id: row.eventId, type: row.type, created: Math.floor(row.eventCreatedAt.getTime() / 1000), data: row.payload };
}

export function toDeliveryDetail(row: WebhookDeliveryRow): WebhookDeliveryDetail {
  return { ...toDelivery(row), request: deliveryBody(row), lastResponseBody: row.lastResponseBody };
}

export async function listDeliveries(db: CustomersDb, query: WebhookDeliveriesQuery): Promise<{ deliveries: WebhookDelivery[]; nextBefore: number | null }> {
  const filters: SQL[] = [];
  if (query.endpoint) filters.push(eq(webhookDeliveries.endpointId, query.endpoint));
  if (query.status) filters.push(eq(webhookDeliveries.status, query.status));
  if (query.before) filters.push(lt(webhookDeliveries.seq, query.before));
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...filters))
    .orderBy(desc(webhookDeliveries.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { deliveries: page.map(toDelivery), nextBefore: rows.length > query.limit && last ? last.seq : null };
}

async function deliveryRow(db: CustomersDb | CustomersTx, id: string): Promise<WebhookDeliveryRow> {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).limit(1);
  if (!row) throw notFound(`no webhook delivery ${id}`);
  return row;
}

export async function getDelivery(db: CustomersDb, id: string): Promise<WebhookDeliveryDetail> {
  return toDeliveryDetail(await deliveryRow(db, id));
}

/** A key per request: the caller's Idempotency-Key, or a fresh one (then every call queues anew). */
const keyOf = (idempotencyKey: string | undefined) => idempotencyKey ?? crypto.randomUUID();

/**
 * Sends a delivery's event again as a new delivery (same event id and body, a fresh schedule), to
 * its endpoint with the endpoint's current secret. One per Idempotency-Key; audited once.
 */
export async function replayDelivery(db: CustomersDb, id: string, idempotencyKey: string | undefined, actor: Actor, requestId: string): Promise<WebhookDeliveryDetail> {
  return db.transaction(async (tx) => {
    const original = await deliveryRow(tx, id);
    await endpointRow(tx, original.endpointId);
    const { endpointId, eventId, type, payload, eventCreatedAt } = original;
    const dedupeKey = `replay:${id}:${keyOf(idempotencyKey)}`;
    const { row, created } = await queueDelivery(tx, { endpointId, eventId, type, payload, eventCreatedAt, dedupeKey, replayOf: id });
    if (created) await auditQueued(tx, actor, requestId, "webhook.replay", row);
    return toDeliveryDetail(row);
  });
}

/** Queues a `webhook.test` event to the endpoint, whatever it subscribes to. One per Idempotency-Key. */
export async function sendTestEvent(db: CustomersDb, endpointId: string, idempotencyKey: string | undefined, actor: Actor, requestId: string): Promise<WebhookDeliveryDetail> {
  return db.transaction(async (tx) => {
    await endpointRow(tx, endpointId);
    const key = keyOf(idempotencyKey);
    const { row, created } = await queueDelivery(tx, {
      endpointId,
      eventId: `evt_test_${crypto.randomUUID()}`,
      type: WEBHOOK_TEST_EVENT,
      payload: { endpointId, message: "A test event sent from the edgeshop admin." },
      eventCreatedAt: new Date(),
      dedupeKey: `test:${endpointId}:${key}`,
    });
    if (created) await auditQueued(tx, actor, requestId, "webhook.test", row);
    return toDeliveryDetail(row);
  });
}

async function auditQueued(tx: CustomersTx, actor: Actor, requestId: string, action: string, row: WebhookDeliveryRow): Promise<void> {
  await recordAudit(tx, actor, { action, target: `webhook:${row.endpointId}`, before: null, after: toDelivery(row), requestId });
}
