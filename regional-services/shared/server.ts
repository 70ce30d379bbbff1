import { serve, type ServerType } from "@hono/node-server";
import { Hono, type MiddlewareHandler } from "hono";
import { AppError } from "../../domain/errors.ts";
import { notFoundHandler, onError } from "../../platform/http.ts";
import { log } from "../../platform/log.ts";
import { REQUEST_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "../../platform/signing.ts";
import type { ServiceName } from "./env.ts";

export interface ServiceVariables {
  requestId: string;
}
export type ServiceApp = Hono<{ Variables: ServiceVariables }>;

/** Gives every request an id (the edge's, when it sent one) and logs one JSON line per request. */
export function requestLogger(service: ServiceName): MiddlewareHandler<{ Variables: ServiceVariables }> {
  return async (c, next) => {
    const requestId = c.req.header(REQUEST_ID_HEADER) ?? crypto.randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    await next();
    c.header(REQUEST_ID_HEADER, requestId);
    log("info", "request", {
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
 * service's), or whose signature is older than 60 s.
 */
export function requireSignature(secrets: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const body = c.req.method === "GET" || c.req.method === "HEAD" ? "" : await c.req.text();
    const signature = c.req.header(SIGNATURE_HEADER);
    const timestamp = c.req.header(TIMESTAMP_HEADER);
    let reason = "request is not signed";
    for (const secret of secrets) {
      const check = await verifySignature(secret, c.req.method, url.pathname + url.search, body, signature, timestamp);
      if (check.ok) return next();
      reason = check.reason;
    }
    throw new AppError("BAD_SIGNATURE", 401, reason);
  };
}

/** A Hono app with the shared error model, request ids and logging installed. */
export function createServiceApp(service: ServiceName): ServiceApp {
  const app: ServiceApp = new Hono<{ Variables: ServiceVariables }>();
  app.use("*", requestLogger(service));
  app.onError(onError);
  app.notFound(notFoundHandler);
  app.get("/healthz", (c) => c.json({ status: "ok", service }));
  return app;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export function listen(app: { fetch: (req: Request) => Response | Promise<Response> }, port: number, host = "127.0.0.1"): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      resolve({
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** What a service's `start()` returns: the dev runner, the test stack and benchmarks use it. */
export interface RunningService extends RunningServer {
  name: string;
  url: string;
}
