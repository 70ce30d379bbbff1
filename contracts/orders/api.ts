import { z } from "zod";
import { MAX_CART_LINES, MAX_LINE_QUANTITY, type ShippingAddress } from "../../domain/cart.ts";
import type { OrderLine } from "../../domain/lines.ts";
import { CURRENCIES } from "../../domain/money.ts";
import { ORDER_STATUSES, type NextAction } from "../../domain/order-state.ts";
import type { AppliedPromotion } from "../../domain/promotions/applied.ts";
import { MAX_PROMOTION_CODES, normalizeCode } from "../../domain/promotions/codes.ts";
import type { Totals } from "../../domain/totals.ts";
import { MAX_IDEMPOTENCY_KEY_LENGTH } from "../limits.ts";
import { emailSchema, shippingAddressSchema } from "../text.ts";
import { reservationTokenSchema } from "../flash-sales/reservation.ts";
import { shipmentSchema } from "./shipment.ts";
import { shopperRefundSchema } from "./refunds.ts";

/**
 * The orders service's request and response shapes (docs/internal-api.md, "Orders service").
 * Only zod, the shared domain and the shared schemas are imported, so the edge builds and checks
 * its calls with the very same rules and types.
 */
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
  /** Flash-sale reservations (edge-signed tokens) whose lines are priced at the sale price. */
  flashSaleReservations: z
    .array(reservationTokenSchema, { error: "flashSaleReservations must be a list" })
    .max(MAX_CART_LINES, { error: `at most ${MAX_CART_LINES} flash-sale reservations` })
    .optional(),
  /**
   * The total the cart showed. When checkout's own total differs (an automatic promotion ran out
   * meanwhile), the order is refused with TOTAL_CHANGED rather than charged a different amount.
   */
  expectedTotal: amount("expectedTotal").optional(),
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

/** GET /orders/by-key: the order a checkout key placed, asked for by the cart that was held for it. */
export const orderByKeyQuerySchema = z.object({ idempotencyKey: idempotencyKeySchema, cartId: id("cartId") });

export const orderIdSchema = z.object({ id: id("id").regex(/^ord_[A-Za-z0-9]{8,64}$/, { error: "id must be an order id (ord_...)" }) });

/**
 * The answers, as zod schemas so the OpenAPI document and the TypeScript types come from one
 * declaration. They describe what the service sends; they are not used to clean input.
 */
const minor = z.number().int();

/** An order line as checkout priced it: the variant it shows, its unit price and its amounts. */
export const orderLineSchema = z.object({
  variantId: z.string(),
  productSlug: z.string(),
  title: z.string(),
  sku: z.string(),
  imageUrl: z.string(),
  unitPrice: minor,
  quantity: z.number().int(),
  lineTotal: minor,
  discount: minor,
}) satisfies z.ZodType<OrderLine>;

/** A promotion that applied and what it gave: on goods (`amount`, per line key) and on shipping. */
export const appliedPromotionSchema = z.object({
  promotionId: z.string(),
  /** The entered code; null for an automatic promotion. */
  code: z.string().nullable(),
  description: z.string(),
  amount: minor,
  shippingAmount: minor,
  freeShipping: z.boolean(),
  /** Keys: the line's position as a string in an order, the cart line id in a cart. */
  lines: z.array(z.object({ key: z.string(), amount: minor })),
}) satisfies z.ZodType<AppliedPromotion>;

/** A shipping address as an order stores it (already cleaned by shippingAddressSchema). */
export const shippingAddressViewSchema = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string(),
  country: z.string(),
}) satisfies z.ZodType<ShippingAddress>;

export const orderPaymentSchema = z.object({
  id: z.string(),
  /** The payments service's status for it (a PaymentStatus; read as text so a newer status still parses). */
  status: z.string(),
  brand: z.string().nullable(),
  last4: z.string().nullable(),
  failureReason: z.string().nullable(),
});
export type OrderPayment = z.output<typeof orderPaymentSchema>;

/** An order as every route answers it. Money is minor units of `currency`. */
export const orderSchema = z.object({
  id: z.string(),
  status: z.enum(ORDER_STATUSES),
  /** The checkout request's key, so the edge can tell which cart hold this order settles. */
  idempotencyKey: z.string(),
  currency: z.enum(CURRENCIES),
  email: z.string(),
  shippingAddress: shippingAddressViewSchema,
  lines: z.array(orderLineSchema),
  promotions: z.array(appliedPromotionSchema),
  payment: orderPaymentSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  subtotal: minor,
  discountTotal: minor,
  shippingTotal: minor,
  taxTotal: minor,
  total: minor,
  itemCount: z.number().int(),
  /** Its shipments, oldest first: on the one-order read (GET /orders/{id}); lists leave them out. */
  shipments: z.array(shipmentSchema).optional(),
  /** Money given back, oldest first (failed refunds left out); on the shopper's order only. */
  refunds: z.array(shopperRefundSchema).optional(),
  /** What the refunds above have given back (pending ones not counted). */
  refundedTotal: minor.optional(),
});
export type Order = z.output<typeof orderSchema>;
// Every order is a set of totals: the domain's totals math applies to it as it stands.
const _orderHasTotals: (order: Order) => Totals = (order) => order;
void _orderHasTotals;

/** The step a checkout waits on before it can complete. */
export const nextActionSchema = z.object({ type: z.literal("confirm_payment"), paymentId: z.string() }) satisfies z.ZodType<NextAction>;
export type { NextAction };

export const checkoutResponseSchema = z.object({ order: orderSchema, nextAction: nextActionSchema.optional() });
export type CheckoutResponse = z.output<typeof checkoutResponseSchema>;

export const orderResponseSchema = z.object({ order: orderSchema });
export type OrderResponse = z.output<typeof orderResponseSchema>;

export const orderListResponseSchema = z.object({ orders: z.array(orderSchema) });
export type OrderListResponse = z.output<typeof orderListResponseSchema>;

export const adoptOrdersResponseSchema = z.object({
  /** How many guest orders changed hands (0 when there were none, or they were adopted already). */
  adopted: z.number().int().min(0),
});
export type AdoptOrdersResponse = z.output<typeof adoptOrdersResponseSchema>;

/** GET /internal/feeds: how far this service has read each sibling feed it follows. */
export const feedPositionsResponseSchema = z.object({
  feeds: z.array(
    z.object({
      feed: z.string(),
      position: z.number().int(),
      /** Events skipped since start because their payload broke the contract (each logged). */
      rejected: z.number().int().min(0),
    }),
  ),
});
export type FeedPositionsResponse = z.output<typeof feedPositionsResponseSchema>;
