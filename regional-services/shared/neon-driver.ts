import { neonConfig } from "@neondatabase/serverless";
import ws from "ws";
import { startNeonWsProxy, type WsProxy } from "./neon-ws-proxy.ts";

/**
 * The Neon driver's set-up for a given Postgres, apart from db.ts: `npm run dev` starts the local
 * Postgres (scripts/local-postgres.ts) with only this, without loading drizzle-orm, which takes
 * most of a second of the CPU the rest of the stack is starting on.
 */

let sharedProxy: Promise<WsProxy> | undefined;

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "[::1]";
}

/**
 * A Postgres on this machine has no WebSocket endpoint, so the driver is pointed at our own
 * proxy, started once per process. Neon itself needs none of this.
 */
export async function prepareNeonDriver(url: string): Promise<void> {
  neonConfig.webSocketConstructor = ws;
  if (!isLoopback(url)) return;
  sharedProxy ??= startNeonWsProxy();
  const proxy = await sharedProxy;
  neonConfig.wsProxy = (host, port) => `127.0.0.1:${proxy.port}/?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

/** Stops this process's proxy (a benchmark or script that must exit); a later open starts another. */
export async function stopNeonProxy(): Promise<void> {
  const proxy = sharedProxy;
  sharedProxy = undefined;
  await (await proxy)?.close();
}
