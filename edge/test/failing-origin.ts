import { createServer, type Server } from "node:http";

/**
 * A catalog origin that is up but fails: it answers the version check, then 500 (the shared JSON
 * error shape) for everything else, as the real catalog did for a cursor Postgres refused. The
 * Worker tests reach it through the "failing" region of vitest.config.ts, to see that the edge
 * does not mistake a failed answer for an outage. Started and stopped by global-setup.ts.
 */
export async function startFailingOrigin(port: number): Promise<() => Promise<void>> {
  const server: Server = createServer((req, res) => {
    const ok = req.method === "GET" && req.url === "/catalog/version";
    res.writeHead(ok ? 200 : 500, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? { version: 1 } : { error: { code: "INTERNAL", message: "internal error" } }));
  });
  await new Promise<void>((listening, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => listening());
  });
  return () => new Promise<void>((closed) => server.close(() => closed()));
}
