import { createRoute, z } from "@hono/zod-openapi";
import { flashSaleIdSchema } from "../flash-sales/definition.ts";
import { reservationViewSchema } from "../flash-sales/reservation.ts";
import { conflict, notFound, SESSION, WRITE_REFUSALS } from "./responses.ts";

/**
 * Flash sales at the edge: a reservation of sale units, handed out by the sale's StockObjects
 * without touching the regional services. The reservation's `token` goes into the checkout
 * body (`flashSaleReservation`) to buy the units at the sale price before `expiresAt`.
 */
export const reserveBodySchema = z.object({
  quantity: z
    .number({ error: "quantity must be a number" })
    .int({ error: "quantity must be a whole number" })
    .min(1, { error: "quantity must be at least 1" })
    .max(100, { error: "quantity must be at most 100" })
    .default(1),
});

export const reserveAnswerSchema = z.object({
  reservation: reservationViewSchema,
  /** Units this sale's shard had left after the reservation: approximate, other shards sell too. */
  approximateLeft: z.number().int(),
});

export const reserveFlashSaleRoute = createRoute({
  method: "post",
  path: "/api/flash-sales/{id}/reserve",
  tags: ["Flash sales"],
  summary: "Reserve flash-sale units",
  description:
    "Holds `quantity` units of a live flash sale for this shopper until `expiresAt`; check out with `flashSaleReservation: reservation.token` to buy them at the sale price. " +
    "409 SOLD_OUT when every unit is reserved or sold (units of failed or expired checkouts come back on sale, so trying again later may succeed).",
  security: SESSION,
  request: {
    params: z.object({ id: flashSaleIdSchema }),
    body: { required: false, content: { "application/json": { schema: reserveBodySchema, example: { quantity: 1 } } } },
  },
  responses: {
    201: { description: "The reservation", content: { "application/json": { schema: reserveAnswerSchema } } },
    ...WRITE_REFUSALS,
    404: notFound("no such flash sale"),
    409: conflict("SOLD_OUT: nothing left right now; UNAVAILABLE: the sale has not started, has ended or was cancelled; FLASH_SALE_LIMIT_REACHED: the per-customer maximum"),
  },
});

export const FLASH_SALE_ROUTES = [reserveFlashSaleRoute] as const;
