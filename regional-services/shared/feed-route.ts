import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env, Handler, Hono, MiddlewareHandler } from "hono";
import { eventsQuerySchema, FEED_PATH, feedRouteDeclaration } from "../../contracts/feed.ts";
import { SERVICE_SIGNED, type Security } from "../../contracts/security.ts";
import { parse } from "../../platform/http.ts";
import type { Database, Schema } from "./db.ts";
import { readEventsSettled } from "./outbox.ts";

export { eventsQuerySchema, FEED_PATH };

/**
 * Serves `db`'s outbox as `GET /internal/events` → `{ events: [...] }`, oldest first, declared by
 * contracts/feed.ts. `guard` (e.g. a signature check) runs first when the app does not already
 * guard `/internal/*`; `security` is what the document says that guard accepts.
 */
export function feedRoute<E extends Env, S extends Schema>(
  app: Hono<E>,
  db: Database<S>,
  guard?: MiddlewareHandler,
  security: Security = SERVICE_SIGNED,
): void {
  if (app instanceof OpenAPIHono) {
    const route = feedRouteDeclaration(security);
    (app as OpenAPIHono<E>).openapi(guard ? { ...route, middleware: [guard] } : route, async (c) => {
      const { after, limit } = c.req.valid("query");
      return c.json({ events: await readEventsSettled(db, after, limit) }, 200);
    });
    return;
  }
  // A plain Hono app (no validator hook): the same schema, parsed by hand.
  const serve: Handler<E> = async (c) => {
    const { after, limit } = parse(eventsQuerySchema, c.req.query());
    return c.json({ events: await readEventsSettled(db, after, limit) });
  };
  if (guard) app.get(FEED_PATH, guard, serve);
  else app.get(FEED_PATH, serve);
}
