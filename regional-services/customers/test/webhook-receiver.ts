import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP receiver on 127.0.0.1 for the webhook specs: it records every request and answers
 * each path with the statuses queued for it (200 once they run out).
 */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url(path: string): string;
  port: number;
  received: ReceivedRequest[];
  /** The next answers to `path`, in order; a redirect's Location is `/elsewhere`. */
  answer(path: string, ...statuses: number[]): void;
  /** Requests to `path` get no answer at all (until the receiver closes). */
  hang(path: string): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const queued = new Map<string, number[]>();
  const hanging = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (hanging.has(path)) return;
      const status = queued.get(path)?.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain", location: "/elsewhere" }).end(status < 300 ? "ok" : `answering ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    answer: (path, ...statuses) => queued.set(path, [...(queued.get(path) ?? []), ...statuses]),
    hang: (path) => hanging.add(path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
