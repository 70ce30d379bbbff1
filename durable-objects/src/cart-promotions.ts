import type { PromotionDefinition } from "../../domain/promotions/model.ts";

/**
 * What the edge hands the CartObject so it can preview discounts: the catalog's promotion
 * snapshot (`GET /catalog/promotions`, read through the versioned catalog cache) with the catalog
 * version it was read at, and who is shopping. The object keeps the newest snapshot it was given,
 * so a call that passes none (a checkout step, a merge) evaluates with the last one the edge read.
 */
export interface PromotionSnapshot {
  /** The catalog version the definitions were read at; versions only move forward. */
  version: number;
  definitions: PromotionDefinition[];
}

/**
 * The snapshot as the edge hands it over: the catalog's answer exactly as it came
 * (`{"promotions": [...]}`), with its version. A string crosses the RPC boundary as one copy,
 * where the definitions as objects would be serialised field by field on every cart call; the
 * object parses it only when it is newer than the snapshot it keeps, which is rarely.
 */
export interface PromotionSnapshotText {
  version: number;
  json: string;
}

export interface CartPromotionInput {
  snapshot: PromotionSnapshotText;
  /** The signed-in customer (session.customerId); undefined for a guest. */
  customerId?: string | undefined;
}

/** A code the shopper entered, as the edge resolved it against the catalog. */
export interface ResolvedCode {
  code: string;
  promotionId: string;
  /** A generated single-use code (not in the snapshot's definitions). */
  singleUse: boolean;
}

/** Whether an RPC argument really is a snapshot (RPC arguments arrive unchecked). */
export function isPromotionInput(value: unknown): value is CartPromotionInput {
  if (typeof value !== "object" || value === null || !("snapshot" in value)) return false;
  const snapshot = (value as { snapshot: unknown }).snapshot;
  return typeof snapshot === "object" && snapshot !== null && Number.isFinite((snapshot as { version?: unknown }).version) && typeof (snapshot as { json?: unknown }).json === "string";
}

/** The definitions in a snapshot's text, or undefined when it holds no list of them. */
export function parsePromotionSnapshot(text: PromotionSnapshotText): PromotionSnapshot | undefined {
  try {
    const { promotions } = JSON.parse(text.json) as { promotions?: unknown };
    return Array.isArray(promotions) ? { version: text.version, definitions: promotions as PromotionDefinition[] } : undefined;
  } catch {
    return undefined;
  }
}
