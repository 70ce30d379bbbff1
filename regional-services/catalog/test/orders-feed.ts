import { Hono } from "hono";
import { onError } from "../../../platform/http.ts";
import { feedRoute } from "../../shared/feed-route.ts";
import { appendEvent } from "../../shared/outbox.ts";
import { listen, requireSignature } from "../../shared/server.ts";
import { openCatalogDatabase } from "../db.ts";

/**
 * A real outbox feed served over HTTP the way the orders service serves its own: a PGlite
 * database with an outbox table and a signed `GET /internal/events`. The catalog's consumer is
 * tested against it without needing the orders service's code.
 */
export interface OrdersFeed {
  url: string;
  publish(type: string, subject: string, payload: unknown): Promise<number>;
  close(): Promise<void>;
}

export async function startOrdersFeed(serviceSecret: string): Promise<OrdersFeed> {
  const handle = await openCatalogDatabase({ dataDir: "memory://", migrate: true });
  const app = new Hono();
  app.onError(onError);
  feedRoute(app, handle.db, requireSignature([serviceSecret]));
  const server = await listen(app, 0);
  return {
    url: `http://127.0.0.1:${server.port}`,
    publish: (type, subject, payload) => handle.db.transaction((tx) => appendEvent(tx, type, subject, payload)),
    close: async () => {
      await server.close();
      await handle.close();
    },
  };
}
