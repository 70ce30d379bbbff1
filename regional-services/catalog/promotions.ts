import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import { PROMOTION_UPSERTED } from "../../contracts/promotions/events.ts";
import { definitionIssues, type PromotionCreate, type PromotionPatch } from "../../contracts/promotions/requests.ts";
import type { PromotionDefinition, PromotionStatus } from "../../domain/promotions/model.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { CatalogDb, CatalogTx } from "./db.ts";
import { promotionCodes, promotions, type PromotionRow } from "./schema.ts";

/**
 * Promotion definitions as the catalog stores and publishes them. Every change writes the whole
 * definition as `promotion.upserted` in its own transaction, so the orders service's replica and
 * the catalog version (which the edge keys its caches on) move exactly when a definition does.
 */
type Reader = CatalogDb | CatalogTx;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function definitionOf(row: PromotionRow, codes: readonly string[]): PromotionDefinition {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    activation: row.activation,
    codes: [...codes],
    target: row.target,
    effect: row.effect,
    conditions: row.conditions,
    limits: row.limits,
    combination: row.combination,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Reusable codes of each promotion, sorted (a stable order, so an unchanged definition publishes the same). */
async function reusableCodes(db: Reader, ids: readonly string[]): Promise<Map<string, string[]>> {
  const byId = new Map<string, string[]>();
  if (ids.length === 0) return byId;
  const rows = await db
    .select({ code: promotionCodes.code, promotionId: promotionCodes.promotionId })
    .from(promotionCodes)
    .where(and(inArray(promotionCodes.promotionId, [...ids]), eq(promotionCodes.singleUse, false)))
    .orderBy(asc(promotionCodes.code));
  for (const r of rows) byId.set(r.promotionId, [...(byId.get(r.promotionId) ?? []), r.code]);
  return byId;
}

async function definitionsOf(db: Reader, rows: readonly PromotionRow[]): Promise<PromotionDefinition[]> {
  const codes = await reusableCodes(db, rows.map((r) => r.id));
  return rows.map((r) => definitionOf(r, codes.get(r.id) ?? []));
}

/** The promotion, or a 404. */
export async function getPromotion(db: Reader, id: string): Promise<PromotionDefinition> {
  const [row] = await db.select().from(promotions).where(eq(promotions.id, id));
  if (!row) throw notFound(`no promotion "${id}"`);
  const [definition] = await definitionsOf(db, [row]);
  if (!definition) throw notFound(`no promotion "${id}"`);
  return definition;
}

/** Every promotion, newest first; of one status when asked. */
export async function listPromotions(db: CatalogDb, status?: PromotionStatus): Promise<PromotionDefinition[]> {
  const rows = await db
    .select()
    .from(promotions)
    .where(status === undefined ? undefined : eq(promotions.status, status))
    .orderBy(desc(promotions.createdAt), asc(promotions.id));
  return definitionsOf(db, rows);
}

/**
 * What a cart may need: active promotions that have not ended, scheduled ones included so they
 * switch on at the edge by themselves (the engine judges the window against its clock).
 */
export async function storefrontPromotions(db: CatalogDb, now = new Date()): Promise<PromotionDefinition[]> {
  const rows = await db
    .select()
    .from(promotions)
    .where(and(eq(promotions.status, "active"), or(isNull(promotions.endsAt), gt(promotions.endsAt, now))))
    .orderBy(asc(promotions.id));
  return definitionsOf(db, rows);
}

/** Which promotion owns `code` (normalised), or undefined. */
export async function promotionOfCode(db: CatalogDb, code: string): Promise<{ promotionId: string; singleUse: boolean } | undefined> {
  const [row] = await db.select({ promotionId: promotionCodes.promotionId, singleUse: promotionCodes.singleUse }).from(promotionCodes).where(eq(promotionCodes.code, code));
  return row;
}

/** Claims `codes` for the promotion; a code that belongs to any promotion already is a 409 (and the transaction rolls back). */
export async function claimReusableCodes(tx: CatalogTx, promotionId: string, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const claimed = await tx
    .insert(promotionCodes)
    .values(codes.map((code) => ({ code, promotionId, singleUse: false })))
    .onConflictDoNothing()
    .returning({ code: promotionCodes.code });
  const taken = codes.filter((c) => !claimed.some((r) => r.code === c));
  if (taken.length > 0) throw new AppError("PROMOTION_CODE_TAKEN", `codes: ${taken.join(", ")} already belong to a promotion`, { codes: taken });
}

async function publish(tx: CatalogTx, id: string): Promise<PromotionDefinition> {
  const definition = await getPromotion(tx, id);
  await appendEvent(tx, PROMOTION_UPSERTED, id, definition);
  return definition;
}

export function newPromotionId(): string {
  return `promo_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
}

/** What is stored of a new promotion: a create request, or a whole definition (the seed's). */
export type NewPromotion = PromotionCreate | Omit<PromotionDefinition, "id" | "updatedAt">;

/** Stores a promotion with its codes and publishes it, inside the caller's transaction. */
export async function insertPromotion(tx: CatalogTx, id: string, input: NewPromotion): Promise<PromotionDefinition> {
  const { codes, startsAt, endsAt, ...rest } = input;
  await tx.insert(promotions).values({ id, ...rest, startsAt: startsAt === null ? null : new Date(startsAt), endsAt: endsAt === null ? null : new Date(endsAt) });
  await claimReusableCodes(tx, id, codes);
  return publish(tx, id);
}

/** Stores a new promotion with its codes and publishes it. */
export async function createPromotion(db: CatalogDb, input: PromotionCreate, id = newPromotionId()): Promise<PromotionDefinition> {
  return db.transaction((tx) => insertPromotion(tx, id, input));
}

/** Locks the promotion's row for a change; an archived one is a 409. */
export async function lockForChange(tx: CatalogTx, id: string): Promise<PromotionDefinition> {
  await tx.select({ id: promotions.id }).from(promotions).where(eq(promotions.id, id)).for("update");
  const current = await getPromotion(tx, id);
  if (current.status === "archived") throw new AppError("PROMOTION_ARCHIVED", `promotion ${id} is archived and cannot change`);
  return current;
}

/** Applies a merchant's change; the merged definition must still be sound (each problem a 400 naming its field). */
export async function updatePromotion(db: CatalogDb, id: string, patch: PromotionPatch): Promise<PromotionDefinition> {
  return db.transaction(async (tx) => {
    const current = await lockForChange(tx, id);
    if (Object.keys(patch).length === 0) return current;
    const next = { ...current, ...patch };
    const issues = definitionIssues(next);
    if (issues.length > 0) throw new AppError("VALIDATION_FAILED", issues.map((i) => `${i.path}: ${i.message}`).join("; "), { issues });
    const { codes, startsAt, endsAt, ...rest } = patch;
    await tx
      .update(promotions)
      .set({
        ...rest,
        ...(startsAt !== undefined ? { startsAt: startsAt === null ? null : new Date(startsAt) } : {}),
        ...(endsAt !== undefined ? { endsAt: endsAt === null ? null : new Date(endsAt) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(promotions.id, id));
    if (codes !== undefined) {
      await tx.delete(promotionCodes).where(and(eq(promotionCodes.promotionId, id), eq(promotionCodes.singleUse, false)));
      await claimReusableCodes(tx, id, codes);
    }
    return publish(tx, id);
  });
}

export type StatusAction = "pause" | "activate" | "archive";

/**
 * The status an action leads to from `current`, or the refusal. Archived is final; a draft was
 * never on, so it cannot be paused (archive it instead).
 */
export function nextStatus(current: PromotionStatus, action: StatusAction): PromotionStatus | AppError {
  if (current === "archived") return new AppError("PROMOTION_ARCHIVED", "an archived promotion cannot change");
  if (action === "archive") return "archived";
  if (action === "activate") return "active";
  if (current === "draft") return new AppError("PROMOTION_STATE_CONFLICT", "a draft promotion was never active, so it cannot be paused");
  return "paused";
}

/** Pauses, activates or archives; asking for the status it already has changes (and publishes) nothing. */
export async function changeStatus(db: CatalogDb, id: string, action: StatusAction): Promise<PromotionDefinition> {
  return db.transaction(async (tx) => {
    await tx.select({ id: promotions.id }).from(promotions).where(eq(promotions.id, id)).for("update");
    const current = await getPromotion(tx, id);
    const status = nextStatus(current.status, action);
    if (status instanceof AppError) throw status;
    if (status === current.status) return current;
    await tx.update(promotions).set({ status, updatedAt: new Date() }).where(eq(promotions.id, id));
    return publish(tx, id);
  });
}
