import { z } from "zod";
import { MAX_CART_LINES, MAX_LINE_QUANTITY, type ShippingAddress } from "../../domain/cart.ts";
import type { OrderLine } from "../../domain/lines.ts";
import { CURRENCIES, type Currency } from "../../domain/money.ts";
import type { OrderStatus } from "../../domain/order-state.ts";
import { MAX_PROMOTION_CODES, normalizeCode, type AppliedPromotion } from "../../domain/promotions.ts";
import type { Totals } from "../../domain/totals.ts";
import { emailSchema, shippingAddressSchema } from "../../platform/schemas.ts";

/**
 * The orders service's request and response shapes (docs/internal-api.md, "Orders service").
 * Only zod, the shared domain and the shared schemas are imported, so the edge builds and checks
 * its calls with the very same rules and types.
 */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Printable ASCII without spaces: what a UUID, a ULID or any sane client key is made of. */
export const idempotencyKeySchema = z
  .string({ error: "Idempotency-Key header is required" })
  .min(1, { error: "Idempotency-Key header is required" })
  .max(MAX_IDEMPOTENCY_KEY_LENGTH, { error: `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` })
  .regex(/^[\x21-\x7e]+$/, { error: "Idempotency-Key must be printable ASCII without spaces" });

const id = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .min(1, { error: `${name} is required` })
    .max(200, { error: `${name} must be at most 200 characters` });

export const ownerSchema = z.object({ sessionId: id("sessionId"), customerId: id("customerId").optional() });
export type Owner = z.output<typeof ownerSchema>;

const amount = (name: string) =>
  z.number({ error: `${name} must be a number` }).int({ error: `${name} must be an integer count of minor units` }).min(0, { error: `${name} must not be negative` });

export const checkoutLineSchema = z.object({
  variantId: id("variantId"),
  quantity: z
    .number({ error: "quantity must be a number" })
    .int({ error: "quantity must be a whole number" })
    .min(1, { error: "quantity must be at least 1" })
    .max(MAX_LINE_QUANTITY, { error: `quantity must be at most ${MAX_LINE_QUANTITY}` }),
  unitPrice: amount("unitPrice"),
});

export const checkoutRequestSchema = z.object({
  cartId: id("cartId"),
  owner: ownerSchema,
  currency: z.enum(CURRENCIES, { error: `currency must be one of ${CURRENCIES.join(", ")}` }),
  email: emailSchema,
  shippingAddress: shippingAddressSchema,
  lines: z
    .array(checkoutLineSchema, { error: "lines must be a list" })
    .min(1, { error: "lines must hold at least one item" })
    .max(MAX_CART_LINES, { error: `lines must hold at most ${MAX_CART_LINES} items` }),
  promotionCodes: z
    .array(z.string().max(50, { error: "a promotion code is at most 50 characters" }), { error: "promotionCodes must be a list" })
    .max(MAX_PROMOTION_CODES, { error: `at most ${MAX_PROMOTION_CODES} promotion codes` })
    .default([])
    // The same code twice is one code: normalised and de-duplicated, so it cannot discount twice.
    .transform((codes) => [...new Set(codes.map(normalizeCode).filter((c) => c !== ""))]),
  paymentToken: z.string({ error: "paymentToken is required" }).min(1, { error: "paymentToken is required" }).max(200, { error: "paymentToken is too long" }),
});
export type CheckoutRequest = z.output<typeof checkoutRequestSchema>;

export const CONFIRMATION_ACTIONS = ["confirm", "cancel"] as const;
export type ConfirmationAction = (typeof CONFIRMATION_ACTIONS)[number];

export const confirmationRequestSchema = ownerSchema.extend({
  action: z.enum(CONFIRMATION_ACTIONS, { error: "action must be confirm or cancel" }),
});
export type ConfirmationRequest = z.output<typeof confirmationRequestSchema>;

/** POST /orders/adopt: the session's guest orders become the customer's who signed in on it. */
export const adoptOrdersRequestSchema = z.object({ sessionId: id("sessionId"), customerId: id("customerId") });
export type AdoptOrdersRequest = z.output<typeof adoptOrdersRequestSchema>;

export interface AdoptOrdersResponse {
  /** How many guest orders changed hands (0 when there were none, or they were adopted already). */
  adopted: number;
}

/** GET /orders/by-key: the order a checkout key placed, asked for by the cart that was held for it. */
export const orderByKeyQuerySchema = z.object({ idempotencyKey: idempotencyKeySchema, cartId: id("cartId") });

export const orderIdSchema = z.object({ id: id("id").regex(/^ord_[A-Za-z0-9]{8,64}$/, { error: "id must be an order id (ord_...)" }) });

export interface OrderPayment {
  id: string;
  /** The payments service's status for it: processing, succeeded, failed, requires_action, cancelled. */
  status: string;
  brand: string | null;
  last4: string | null;
  failureReason: string | null;
}

/** An order as every route answers it. Money is minor units of `currency`. */
export interface Order extends Totals {
  id: string;
  status: OrderStatus;
  /** The checkout request's key, so the edge can tell which cart hold this order settles. */
  idempotencyKey: string;
  currency: Currency;
  email: string;
  shippingAddress: ShippingAddress;
  lines: OrderLine[];
  promotions: AppliedPromotion[];
  payment: OrderPayment | null;
  createdAt: string;
  updatedAt: string;
}

export interface NextAction {
  type: "confirm_payment";
  paymentId: string;
}

export interface CheckoutResponse {
  order: Order;
  nextAction?: NextAction;
}

export interface OrderResponse {
  order: Order;
}

export interface OrderListResponse {
  orders: Order[];
}
