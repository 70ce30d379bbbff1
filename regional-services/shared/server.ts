import { serve, type ServerType } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { MAX_BODY_BYTES } from "../../contracts/limits.ts";
import { AppError } from "../../platform/errors.ts";
import { notFoundHandler, onError } from "../../platform/http.ts";
import { createOpenApiApp } from "../../platform/openapi.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { log } from "../../platform/log.ts";
import {
  ACTOR_HEADER,
  IDEMPOTENCY_KEY_HEADER,
  REQUEST_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from "../../platform/signing.ts";
import type { Actor } from "../../contracts/admin/actor.ts";
import type { ServiceName } from "./env.ts";
import { needsReplayCheck, refuseReplay, type ReplayGuard } from "./replay-guard.ts";

export interface ServiceVariables {
  requestId: string;
  /** On merchant routes: the staff member or API token the gate let through (merchant-auth.ts). */
  actor?: Actor;
}
/** An OpenAPIHono app: routes declared in contracts/<service>/routes.ts mount with `app.openapi`. */
export type ServiceApp = OpenAPIHono<{ Variables: ServiceVariables }>;

/**
 * Paths that siblings, the dev runner and probes poll several times a second: a successful poll
 * is logged at debug, so it does not bury the requests that matter; a failed one as any other.
 */
const POLLED_PATHS = new Set(["/internal/events", "/internal/feeds", "/healthz", "/catalog/version"]);

/** Gives every request an id (the edge's, when it sent one) and logs one JSON line per request. */
export function requestLogger(service: ServiceName): MiddlewareHandler<{ Variables: ServiceVariables }> {
  return async (c, next) => {
    const requestId = c.req.header(REQUEST_ID_HEADER) ?? crypto.randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    await next();
    c.header(REQUEST_ID_HEADER, requestId);
    const level = c.res.status < 300 && POLLED_PATHS.has(c.req.path) ? "debug" : "info";
    log(level, "request", {
      service,
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

/**
 * Refuses any request that is not signed with one of `secrets` (the edge's, or a sibling
 * service's), whose signature is older than 60 s, or whose Idempotency-Key is not the signed one.
 * With `options.replay`, a write whose signature was already used is refused too (replay-guard.ts).
 */
export function requireSignature(secrets: readonly string[], options: { replay?: ReplayGuard | undefined } = {}): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const body = c.req.method === "GET" || c.req.method === "HEAD" ? "" : await c.req.text();
    const received = {
      signature: c.req.header(SIGNATURE_HEADER),
      timestamp: c.req.header(TIMESTAMP_HEADER),
      idempotencyKey: c.req.header(IDEMPOTENCY_KEY_HEADER),
      actor: c.req.header(ACTOR_HEADER),
    };
    let reason = "request is not signed";
    for (const secret of secrets) {
      const check = await verifySignature(secret, c.req.method, url.pathname + url.search, body, received);
      if (check.ok) {
        if (options.replay && received.signature && needsReplayCheck(c.req.method)) {
          await refuseReplay(options.replay, received.signature, Number(received.timestamp));
        }
        return next();
      }
      reason = check.reason;
    }
    throw new AppError("BAD_SIGNATURE", reason);
  };
}

/**
 * A Hono app with the shared error model, request ids, logging and a body limit installed. The
 * limit runs before any route's `requireSignature`, which must read the whole body to check it.
 */
export function createServiceApp(service: ServiceName, options: { maxBodyBytes?: number; largeBodies?: Readonly<Record<string, number>> } = {}): ServiceApp {
  const app: ServiceApp = createOpenApiApp<{ Variables: ServiceVariables }>();
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", `request body must be at most ${maxSize} bytes`);
      },
    });
  const normal = limit(options.maxBodyBytes ?? MAX_BODY_BYTES);
  // An upload route (the catalog's CSV import) names its own, larger limit by exact path.
  const large = new Map(Object.entries(options.largeBodies ?? {}).map(([path, bytes]) => [path, limit(bytes)]));
  app.use("*", requestLogger(service));
  app.use("*", (c, next) => (large.get(c.req.path) ?? normal)(c, next));
  app.onError(onError);
  app.notFound(notFoundHandler);
  app.get("/healthz", (c) => c.json({ status: "ok", service }));
  return app;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** How long close() lets requests in flight finish before it cuts the connections. */
const CLOSE_GRACE_MS = 3_000;

export function listen(app: { fetch: (req: Request) => Response | Promise<Response> }, port: number, host = "127.0.0.1"): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            // A sibling that keeps polling (a feed, with the route's short wait for held-back
            // events) keeps its keep-alive connection busy, which would hold close() open for
            // ever: after a grace period for requests in flight, every connection is cut.
            const cut = setTimeout(() => (server as { closeAllConnections?: () => void }).closeAllConnections?.(), CLOSE_GRACE_MS);
            server.close(() => {
              clearTimeout(cut);
              done();
            });
          }),
      });
    });
  });
}

/** What a service's `start()` returns: the dev runner, the test stack and benchmarks use it. */
export interface RunningService extends RunningServer {
  name: string;
  url: string;
}
