import { z } from "zod";
import { MAX_LINE_QUANTITY } from "../../domain/cart.ts";
import { CURRENCIES } from "../../domain/money.ts";
import { ORDER_STATUSES, type OrderStatus } from "../../domain/order-state.ts";
import { optionalSafeText, safeText } from "../text.ts";
import { orderLineSchema, orderSchema } from "./api.ts";
import { shipmentSchema } from "./shipment.ts";

/**
 * The merchant's view of orders (contracts/orders/merchant-routes.ts): finding them, reading one
 * with everything that happened to it, shipping it, and the day's figures for the dashboard.
 * Request schemas clean input (each message names its field); answer schemas describe.
 */
export const MAX_MERCHANT_ORDERS_PAGE = 100;

const minor = z.number().int();
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day (UTC) that exists: 2026-02-30 is refused rather than rolled over. */
const day = (field: string) =>
  z
    .string({ error: `${field} must be a date such as 2026-12-03` })
    .refine((v) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
      error: `${field} must be a date such as 2026-12-03`,
    })
    .optional();

const amount = (field: string) =>
  z.coerce
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be a whole number of minor units` })
    .min(0, { error: `${field} must not be negative` })
    .max(2_147_483_647, { error: `${field} is too large` })
    .optional();

/**
 * `status` once, repeated (`status=paid&status=fulfilled`, as a form's checkboxes send it) or
 * comma-separated (`status=paid,fulfilled`).
 */
const statusList = z
  .union([z.string(), z.array(z.string())], { error: "status must be one or more order statuses" })
  .optional()
  .transform((value, ctx): OrderStatus[] | undefined => {
    if (value === undefined) return undefined;
    const names = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
    const unknown = names.filter((n) => !(ORDER_STATUSES as readonly string[]).includes(n));
    if (unknown.length > 0) {
      ctx.issues.push({ code: "custom", input: value, message: `status must be among ${ORDER_STATUSES.join(", ")} (not ${unknown.join(", ").slice(0, 100)})` });
      return z.NEVER;
    }
    return names.length === 0 ? undefined : [...new Set(names as OrderStatus[])];
  })
  .meta({ description: `One or more of ${ORDER_STATUSES.join(", ")}, repeated or comma-separated` });

export const merchantOrderListQuerySchema = z
  .object({
    status: statusList,
    from: day("from").describe("Placed on or after this day (UTC)"),
    to: day("to").describe("Placed on or before this day (UTC)"),
    customer: optionalSafeText("customer", 254).describe("A customer id, or an email (exact, any case)"),
    currency: z.enum(CURRENCIES, { error: `currency must be one of ${CURRENCIES.join(", ")}` }).optional(),
    minTotal: amount("minTotal").describe("Minor units of `currency` (required with it)"),
    maxTotal: amount("maxTotal").describe("Minor units of `currency` (required with it)"),
    q: optionalSafeText("q", 200).describe("An order id or its beginning, or part of the shopper's email (any case)"),
    cursor: optionalSafeText("cursor", 500),
    limit: z.coerce
      .number({ error: "limit must be a number" })
      .int({ error: "limit must be a whole number" })
      .min(1, { error: "limit must be at least 1" })
      .max(MAX_MERCHANT_ORDERS_PAGE, { error: `limit must be at most ${MAX_MERCHANT_ORDERS_PAGE}` })
      .default(50),
  })
  // A total means nothing without its currency: 5000 USD cents is not 5000 of another.
  .refine((q) => q.currency !== undefined || (q.minTotal === undefined && q.maxTotal === undefined), { message: "currency is required with minTotal or maxTotal", path: ["currency"] })
  .refine((q) => q.minTotal === undefined || q.maxTotal === undefined || q.minTotal <= q.maxTotal, { message: "maxTotal must not be less than minTotal", path: ["maxTotal"] })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: "to must not be before from", path: ["to"] });
export type MerchantOrderListQuery = z.output<typeof merchantOrderListQuerySchema>;

export const merchantOrderSummarySchema = z.object({
  id: z.string(),
  status: z.enum(ORDER_STATUSES),
  email: z.string(),
  customerId: z.string().nullable(),
  currency: z.enum(CURRENCIES),
  total: minor,
  itemCount: z.number().int(),
  paymentStatus: z.string().nullable(),
  createdAt: z.string(),
});
export type MerchantOrderSummary = z.output<typeof merchantOrderSummarySchema>;

export const merchantOrderListSchema = z.object({
  orders: z.array(merchantOrderSummarySchema),
  /** Pass as `cursor` (with the same filters) for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type MerchantOrderList = z.output<typeof merchantOrderListSchema>;

export const merchantOrderSchema = orderSchema.omit({ shipments: true }).extend({
  customerId: z.string().nullable(),
  /** The order's lines with their positions, and the units of each shipped so far. */
  lines: z.array(orderLineSchema.extend({ position: z.number().int(), shipped: z.number().int() })),
  fulfilments: z.array(shipmentSchema),
  history: z.array(z.object({ fromStatus: z.string().nullable(), toStatus: z.string(), event: z.string(), note: z.string().nullable(), at: z.string() })),
  /** What the order published on the orders feed, oldest first. */
  events: z.array(z.object({ seq: z.number().int(), type: z.string(), at: z.string() })),
});
export type MerchantOrder = z.output<typeof merchantOrderSchema>;
export const merchantOrderResponseSchema = z.object({ order: merchantOrderSchema });

const units = z
  .number({ error: "quantity must be a number" })
  .int({ error: "quantity must be a whole number" })
  .min(1, { error: "quantity must be at least 1" })
  .max(MAX_LINE_QUANTITY, { error: `quantity must be at most ${MAX_LINE_QUANTITY}` });

export const fulfilRequestSchema = z.object({
  carrier: safeText("carrier", 100),
  trackingNumber: safeText("trackingNumber", 100),
  /** Order lines (by position) and units to ship; omitted: everything not yet shipped. */
  lines: z
    .array(z.object({ position: z.number({ error: "position must be a number" }).int({ error: "position must be a whole number" }).min(0, { error: "position must not be negative" }), quantity: units }), {
      error: "lines must be a list",
    })
    .min(1, { error: "lines must name at least one line (or be left out to ship everything left)" })
    .max(200, { error: "lines must name at most 200 lines" })
    .optional(),
});
export type FulfilRequest = z.output<typeof fulfilRequestSchema>;

export const fulfilmentResponseSchema = z.object({ fulfilment: shipmentSchema, order: merchantOrderSchema });

/** The day's sold orders: paid, and whatever a paid order becomes (shipped, delivered, refunded). */
export const dailyReportSchema = z.object({
  /** The UTC day, YYYY-MM-DD. */
  date: z.string(),
  orders: z.number().int(),
  /** What those orders came to, minor units per currency (before any refunds). */
  revenue: z.partialRecord(z.enum(CURRENCIES), minor),
  /** Orders placed that day still waiting for their payment. */
  awaitingPayment: z.number().int(),
});
export type DailyReport = z.output<typeof dailyReportSchema>;

export const dailyReportQuerySchema = z.object({ date: day("date").describe("A UTC day; today when left out") });
