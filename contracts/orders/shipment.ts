import { z } from "zod";

/**
 * One shipment of an order's units, as the merchant records it (POST /merchant/orders/{id}/fulfilments)
 * and as both the merchant's order page and the shopper's show it.
 */
export const shipmentSchema = z.object({
  id: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  /** Order lines (by position) and units in this shipment. */
  lines: z.array(z.object({ position: z.number().int(), title: z.string(), sku: z.string(), quantity: z.number().int() })),
  createdAt: z.string(),
  /** When the order was marked delivered; null until then. */
  deliveredAt: z.string().nullable(),
});
export type Shipment = z.output<typeof shipmentSchema>;
