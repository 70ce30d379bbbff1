import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { log } from "../../platform/log.ts";

/**
 * The Neon serverless driver speaks the Postgres wire protocol over a WebSocket. In production the
 * socket ends at Neon's proxy; locally this small proxy ends it and opens a plain TCP connection to
 * the Postgres named in `?address=host:port`. Only loopback targets are allowed, so it can never
 * be turned into an open relay.
 */
export interface WsProxy {
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

function bridge(ws: WebSocket, host: string, port: number): void {
  const tcp = connect({ host, port });
  tcp.setNoDelay(true);
  const pending: Buffer[] = [];
  let open = false;
  tcp.on("connect", () => {
    open = true;
    for (const chunk of pending.splice(0)) tcp.write(chunk);
  });
  ws.on("message", (data: Buffer) => {
    if (open) tcp.write(data);
    else pending.push(data);
  });
  tcp.on("data", (chunk) => ws.send(chunk));
  const closeBoth = () => {
    tcp.destroy();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
  };
  tcp.on("error", closeBoth);
  tcp.on("close", closeBoth);
  ws.on("close", closeBoth);
  ws.on("error", closeBoth);
}

export async function startNeonWsProxy(port = 0, bindHost = "127.0.0.1"): Promise<WsProxy> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("websocket only");
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws, req) => {
    const address = new URL(req.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const sep = address.lastIndexOf(":");
    const host = address.slice(0, sep);
    const targetPort = Number(address.slice(sep + 1));
    if (!LOOPBACK.has(host) || !Number.isInteger(targetPort)) {
      log("warn", "neon ws proxy refused target", { address });
      ws.close(1008, "target not allowed");
      return;
    }
    bridge(ws, host, targetPort);
  });
  await new Promise<void>((resolve) => server.listen(port, bindHost, resolve));
  const addr = server.address();
  const boundPort = typeof addr === "object" && addr ? addr.port : port;
  return {
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
