import { createServer, type Server } from "node:http";

/**
 * A merchant's webhook receiver for the Worker tests, in Node (nothing listens inside workerd):
 * it answers every POST 200 and keeps it; `GET /received?path=/x` answers what reached `/x`, with
 * the signature headers and the raw body, so a spec verifies the signature as a merchant would.
 * Started and stopped by global-setup.ts; specs find it at `env.WEBHOOK_RECEIVER_URL`.
 */
interface Received {
  signature: string | undefined;
  eventId: string | undefined;
  body: string;
}

export async function startWebhookReceiver(port: number): Promise<() => Promise<void>> {
  const received = new Map<string, Received[]>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET" && url.pathname === "/received") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ requests: received.get(url.searchParams.get("path") ?? "") ?? [] }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const header = (name: string) => [req.headers[name]].flat()[0];
      const list = received.get(url.pathname) ?? [];
      list.push({ signature: header("edgeshop-signature"), eventId: header("edgeshop-event-id"), body: Buffer.concat(chunks).toString("utf8") });
      received.set(url.pathname, list);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((listening, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => listening());
  });
  return () => new Promise<void>((closed) => server.close(() => closed()));
}
