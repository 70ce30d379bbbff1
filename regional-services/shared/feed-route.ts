import type { Env, Handler, Hono, MiddlewareHandler } from "hono";
import { z } from "zod";
import { parse } from "../../platform/http.ts";
import type { Database, Schema } from "./db.ts";
import { readEvents } from "./outbox.ts";

/** Where every service serves its outbox feed (docs/internal-api.md). */
export const FEED_PATH = "/internal/events";

/** `?after=N&limit=M`; a bad value is a 400 naming the field. */
export const eventsQuerySchema = z.object({
  after: z.coerce.number({ error: "after must be a number" }).int({ error: "after must be an integer" }).min(0, { error: "after must be at least 0" }).default(0),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int({ error: "limit must be an integer" })
    .min(1, { error: "limit must be at least 1" })
    .max(1000, { error: "limit must be at most 1000" })
    .default(500),
});

/**
 * Serves `db`'s outbox as `GET /internal/events` → `{ events: [...] }`, oldest first. `guard`
 * (e.g. a signature check) runs first when the app does not already guard `/internal/*`.
 */
export function feedRoute<E extends Env, S extends Schema>(app: Hono<E>, db: Database<S>, guard?: MiddlewareHandler): void {
  const serve: Handler<E> = async (c) => {
    const { after, limit } = parse(eventsQuerySchema, c.req.query());
    return c.json({ events: await readEvents(db, after, limit) });
  };
  if (guard) app.get(FEED_PATH, guard, serve);
  else app.get(FEED_PATH, serve);
}
