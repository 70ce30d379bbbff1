import { z } from "zod";
import { FLASH_SALE_STATUSES, MAX_SHARDS, type FlashSale } from "../../domain/flash-sale.ts";
import { CURRENCIES } from "../../domain/money.ts";

/**
 * A flash sale on the wire: the catalog's merchant API, its storefront read and the
 * `flash_sale.upserted` event all carry this one shape (times as ISO 8601 text).
 */
export const flashSaleIdSchema = z
  .string({ error: "id is required" })
  .regex(/^fs_[A-Za-z0-9_-]{1,64}$/, { error: "id must be a flash sale id (fs_...)" });

const salePricesSchema = z
  .partialRecord(z.enum(CURRENCIES), z.number({ error: "a sale price must be a number" }).int({ error: "a sale price is an integer count of minor units" }).min(0, { error: "a sale price must not be negative" }))
  .refine((prices) => Object.keys(prices).length > 0, { error: "salePrices must name at least one currency" });

const count = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

const instant = (name: string) => z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time` });

export const flashSaleSchema = z.object({
  id: flashSaleIdSchema,
  variantId: z.string().min(1).max(200),
  salePrices: salePricesSchema,
  allocation: count("allocation", 1, 1_000_000),
  startsAt: instant("startsAt"),
  endsAt: instant("endsAt"),
  perCustomerMax: count("perCustomerMax", 1, 1_000),
  shards: count("shards", 1, MAX_SHARDS),
  status: z.enum(FLASH_SALE_STATUSES),
});
export type FlashSaleWire = z.output<typeof flashSaleSchema>;

/** POST /merchant/flash-sales. The window must be in order; the id is the catalog's to give. */
export const flashSaleCreateSchema = flashSaleSchema
  .omit({ id: true, status: true })
  .extend({ shards: count("shards", 1, MAX_SHARDS).default(1), perCustomerMax: count("perCustomerMax", 1, 1_000).default(1) })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { error: "endsAt must be after startsAt", path: ["endsAt"] });
export type FlashSaleCreate = z.output<typeof flashSaleCreateSchema>;

/** PATCH /merchant/flash-sales/{id}: any of the definition's fields (the window is re-checked whole). */
export const flashSalePatchSchema = flashSaleSchema.omit({ id: true, status: true, variantId: true }).partial();
export type FlashSalePatch = z.output<typeof flashSalePatchSchema>;

export function toFlashSale(wire: FlashSaleWire): FlashSale {
  return { ...wire, prices: wire.salePrices, startsAt: Date.parse(wire.startsAt), endsAt: Date.parse(wire.endsAt) };
}

export function toWire(sale: FlashSale): FlashSaleWire {
  const { prices, startsAt, endsAt, ...rest } = sale;
  return { ...rest, salePrices: prices, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() };
}
