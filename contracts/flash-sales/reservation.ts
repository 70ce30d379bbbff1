import { z } from "zod";
import { CURRENCIES } from "../../domain/money.ts";

/**
 * A reservation as the edge hands it to the shopper and as the checkout request carries it. The
 * `token` is the signed form (platform/reservation-token.ts) that orders verifies without asking
 * the StockObject; the other fields are for display.
 */
export const reservationTokenSchema = z
  .string({ error: "flashSaleReservation must be a reservation token" })
  .min(10, { error: "flashSaleReservation must be a reservation token" })
  .max(2_000, { error: "flashSaleReservation is too long" });

export const reservationViewSchema = z.object({
  token: z.string(),
  reservationId: z.string(),
  saleId: z.string(),
  variantId: z.string(),
  quantity: z.number().int(),
  currency: z.enum(CURRENCIES),
  unitPrice: z.number().int(),
  expiresAt: z.string(),
});
export type ReservationView = z.output<typeof reservationViewSchema>;

export const reservationIdSchema = z.object({
  id: z.string().regex(/^rsv_[A-Za-z0-9-]{8,80}$/, { error: "id must be a reservation id (rsv_...)" }),
});

export const RESERVATION_OUTCOMES = ["confirmed", "released", "pending"] as const;
export const settleAnswerSchema = z.object({ reservationId: z.string(), outcome: z.enum(RESERVATION_OUTCOMES), orderId: z.string().nullable() });
export type SettleAnswer = z.output<typeof settleAnswerSchema>;
