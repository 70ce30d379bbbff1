import { randomBytes } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Actor } from "../../../contracts/admin/actor.ts";
import { WEBHOOK_SECRET_PREFIX, type CreateWebhookEndpointInput, type PatchWebhookEndpointInput, type WebhookEndpoint } from "../../../contracts/admin/webhooks-api.ts";
import { notFound } from "../../../platform/errors.ts";
import { recordAudit } from "../audit.ts";
import type { CustomersDb, CustomersTx } from "../db.ts";
import { checkDestination, type DestinationPolicy } from "./destination.ts";
import { webhookEndpoints, type WebhookEndpointRow } from "./schema.ts";

/**
 * The merchant's webhook endpoints: registered, changed, deleted and their secrets rotated, each
 * change with its audit entry in the same transaction. Destinations are checked before anything is
 * written (destination.ts), so a refused URL changes nothing.
 */
export function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** 32 random bytes: the receiver's HMAC key, shown at creation and rotation only. */
const newSecret = () => WEBHOOK_SECRET_PREFIX + randomBytes(32).toString("base64url");

export async function createEndpoint(db: CustomersDb, policy: DestinationPolicy, input: CreateWebhookEndpointInput, actor: Actor, requestId: string) {
  await checkDestination(input.url, policy);
  const secret = newSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ id: `we_${crypto.randomUUID()}`, url: input.url, events: input.events, description: input.description ?? null, secret })
      .returning();
    if (!row) throw new Error("webhook endpoint insert returned no row");
    const endpoint = toEndpoint(row);
    await recordAudit(tx, actor, { action: "webhook.create", target: `webhook:${endpoint.id}`, before: null, after: endpoint, requestId });
    return { endpoint, secret };
  });
}

export async function listEndpoints(db: CustomersDb): Promise<WebhookEndpoint[]> {
  return (await db.select().from(webhookEndpoints).where(isNull(webhookEndpoints.deletedAt)).orderBy(asc(webhookEndpoints.createdAt))).map(toEndpoint);
}

/** The endpoint row (secret included, for signing), or 404 for an unknown or deleted one. */
export async function endpointRow(db: CustomersDb | CustomersTx, id: string, lock = false): Promise<WebhookEndpointRow> {
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
    .limit(1);
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound(`no webhook endpoint ${id}`);
  return row;
}

/** Runs `change` on the locked endpoint and records before and after. */
async function changeEndpoint(
  db: CustomersDb,
  id: string,
  action: string,
  actor: Actor,
  requestId: string,
  change: (tx: CustomersTx) => Promise<WebhookEndpointRow | undefined>,
): Promise<WebhookEndpointRow> {
  return db.transaction(async (tx) => {
    const before = toEndpoint(await endpointRow(tx, id, true));
    const row = await change(tx);
    if (!row) throw notFound(`no webhook endpoint ${id}`);
    await recordAudit(tx, actor, { action, target: `webhook:${id}`, before, after: toEndpoint(row), requestId });
    return row;
  });
}

export async function patchEndpoint(db: CustomersDb, policy: DestinationPolicy, id: string, input: PatchWebhookEndpointInput, actor: Actor, requestId: string): Promise<WebhookEndpoint> {
  if (input.url !== undefined) await checkDestination(input.url, policy);
  const set: Partial<WebhookEndpointRow> = { updatedAt: new Date() };
  if (input.url !== undefined) set.url = input.url;
  if (input.events !== undefined) set.events = input.events;
  if (input.enabled !== undefined) set.enabled = input.enabled;
  if (input.description !== undefined) set.description = input.description;
  const row = await changeEndpoint(db, id, "webhook.update", actor, requestId, async (tx) => (await tx.update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, id)).returning())[0]);
  return toEndpoint(row);
}

/** Deleted endpoints get no new deliveries; those still queued for them fail when their turn comes. */
export async function deleteEndpoint(db: CustomersDb, id: string, actor: Actor, requestId: string): Promise<WebhookEndpoint> {
  const row = await changeEndpoint(db, id, "webhook.delete", actor, requestId, async (tx) => {
    const now = new Date();
    return (await tx.update(webhookEndpoints).set({ enabled: false, deletedAt: now, updatedAt: now }).where(eq(webhookEndpoints.id, id)).returning())[0];
  });
  return toEndpoint(row);
}

/** The old secret stops at once: deliveries sent from now on, retries included, carry the new one. */
export async function rotateSecret(db: CustomersDb, id: string, actor: Actor, requestId: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = newSecret();
  const row = await changeEndpoint(db, id, "webhook.rotate_secret", actor, requestId, async (tx) => (await tx.update(webhookEndpoints).set({ secret, updatedAt: new Date() }).where(eq(webhookEndpoints.id, id)).returning())[0]);
  return { endpoint: toEndpoint(row), secret };
}
