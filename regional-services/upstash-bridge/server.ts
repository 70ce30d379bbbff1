import { log } from "../../platform/log.ts";
import { listen } from "../shared/server.ts";
import { createBridgeApp } from "./app.ts";
import type { RedisBackend } from "./backend.ts";
import { createIoredisBackend } from "./ioredis-backend.ts";
import { createMemoryBackend } from "./memory/backend.ts";

export interface UpstashBridgeOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Clients must send `Authorization: Bearer <token>`. */
  token: string;
  /** A real Redis; without it the bridge keeps data in memory (dev only). */
  redisUrl?: string | undefined;
}

export interface RunningBridge {
  url: string;
  port: number;
  backend: RedisBackend["kind"];
  close(): Promise<void>;
}

/**
 * Starts the local stand-in for Upstash Redis: the REST protocol on 127.0.0.1 in front of a real
 * Redis (`redisUrl`) or the in-memory dev store. Services reach it through @upstash/redis exactly
 * as they reach Upstash in production.
 */
export async function startUpstashBridge(options: UpstashBridgeOptions): Promise<RunningBridge> {
  const backend = options.redisUrl ? await createIoredisBackend(options.redisUrl) : createMemoryBackend();
  if (backend.kind === "memory") {
    log("warn", "upstash bridge is using the in-memory dev store; set REDIS_URL to use a real Redis", {});
  }
  try {
    const host = options.host ?? "127.0.0.1";
    const server = await listen(createBridgeApp({ token: options.token, backend }), options.port, host);
    return {
      url: `http://${host}:${server.port}`,
      port: server.port,
      backend: backend.kind,
      close: async () => {
        await server.close();
        await backend.close();
      },
    };
  } catch (err) {
    await backend.close();
    throw err;
  }
}
