import { parentPort } from "node:worker_threads";
import { startNeonWsProxy } from "./neon-ws-proxy.ts";

/**
 * The body of the proxy's own thread (db.ts, startNeonWsProxyThread): starts the proxy, tells
 * the parent its port, and closes it when asked.
 */
const proxy = await startNeonWsProxy();
parentPort?.postMessage({ port: proxy.port });
parentPort?.on("message", (message: unknown) => {
  if (message === "close") void proxy.close().then(() => parentPort?.close());
});
