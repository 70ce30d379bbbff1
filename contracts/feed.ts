import { createRoute, z } from "@hono/zod-openapi";
import { errorResponse } from "../platform/openapi.ts";
import { SERVICE_SIGNED, type Security } from "./security.ts";

/**
 * The outbox feed every publishing service serves at `GET /internal/events` (docs/internal-api.md,
 * "Who owns what"), declared once: the catalog, orders and payments mount the same route.
 */
export const FEED_PATH = "/internal/events";

/** `?after=N&limit=M`; a bad value is a 400 naming the field. */
export const eventsQuerySchema = z
  .object({
    after: z.coerce.number({ error: "after must be a number" }).int({ error: "after must be an integer" }).min(0, { error: "after must be at least 0" }).default(0),
    limit: z.coerce
      .number({ error: "limit must be a number" })
      .int({ error: "limit must be an integer" })
      .min(1, { error: "limit must be at least 1" })
      .max(1000, { error: "limit must be at most 1000" })
      .default(500),
  })
  .meta({ example: { after: 41, limit: 100 } });

/** One event of a feed; `payload` is parsed by the consumer with the producer's schema (contracts/<producer>/events.ts). */
export const feedEventSchema = z.object({
  seq: z.number().int().min(1),
  type: z.string(),
  subject: z.string(),
  payload: z.unknown(),
  createdAt: z.string(),
});
export type FeedEvent = z.output<typeof feedEventSchema>;

export const feedPageSchema = z
  .object({ events: z.array(feedEventSchema) })
  .meta({
    example: {
      events: [
        {
          seq: 42,
          type: "stock_state.changed",
          subject: "var_sunset-tee-navy-m",
          payload: { variantId: "var_sunset-tee-navy-m", productId: "prod_sunset-tee", productSlug: "sunset-tee", stockState: "low_stock" },
          createdAt: "2025-05-01T12:00:00.000Z",
        },
      ],
    },
  });

/** The feed route, with the security the mounting service really enforces (siblings always; some also take the edge's). */
export function feedRouteDeclaration(security: Security = SERVICE_SIGNED) {
  return createRoute({
    method: "get",
    path: FEED_PATH,
    summary: "Read the outbox feed: events after a position, oldest first",
    request: { query: eventsQuerySchema },
    responses: {
      200: { description: "Up to `limit` events with `seq > after`, oldest first; empty when caught up.", content: { "application/json": { schema: feedPageSchema } } },
      400: errorResponse("VALIDATION_FAILED naming `after` or `limit`."),
      401: errorResponse("BAD_SIGNATURE: unsigned, expired or wrongly signed."),
    },
    security,
  });
}
