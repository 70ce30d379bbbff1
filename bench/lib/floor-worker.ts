/**
 * The source of a Worker that does only what the runtime must do for each kind of edge request,
 * nothing of the edge's own: answer a body of a given size with a given number of headers, call
 * a Durable Object over RPC and return, or have that object write one SQLite row first. Its
 * throughput, as a share of hello-world's, is the best the edge could reach for that request on
 * this runtime and machine (bench/edge-floor.ts).
 */
export const FLOOR_WORKER = `
import { DurableObject } from "cloudflare:workers";

export class Floor extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS lines (id TEXT PRIMARY KEY, quantity INTEGER NOT NULL)");
    this.quantity = 0;
  }
  noop() {
    return { ok: true };
  }
  write(id) {
    this.quantity = (this.quantity % 99) + 1;
    this.ctx.storage.sql.exec("INSERT INTO lines (id, quantity) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET quantity = excluded.quantity", id, this.quantity);
    return { ok: true, quantity: this.quantity };
  }
}

const LITERAL = Object.fromEntries(Array.from({ length: 17 }, (_, i) => ["x-floor-" + i, "value-of-a-typical-header-" + i]));
const bodies = new Map();
function body(bytes, asBytes) {
  const key = bytes + (asBytes ? "b" : "s");
  let b = bodies.get(key);
  if (!b) bodies.set(key, (b = asBytes ? new TextEncoder().encode("x".repeat(bytes)) : "x".repeat(bytes)));
  return b;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/literal") {
      return new Response("x", { headers: LITERAL });
    }
    if (url.pathname === "/answer") {
      // ?bytes=15000&headers=18: a body that size with that many response headers.
      const headers = new Headers({ "content-type": "application/json" });
      const count = Number(url.searchParams.get("headers") ?? 1);
      for (let i = headers.size ?? 1; i < count; i++) headers.set("x-floor-" + i, "value-of-a-typical-header-" + i);
      return new Response(body(Number(url.searchParams.get("bytes") ?? 17), url.searchParams.has("encoded")), { headers });
    }
    const stub = env.FLOOR.getByName("cart-" + Math.floor(Math.random() * 200));
    const result = url.pathname === "/write" ? await stub.write("line") : await stub.noop();
    return Response.json(result);
  },
};
`;
