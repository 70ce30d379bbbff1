import { Hono } from "hono";
import { notFoundHandler, onError } from "../../platform/http.ts";
import type { EdgeEnv } from "./types.ts";

export const app = new Hono<EdgeEnv>();
app.onError(onError);
app.notFound(notFoundHandler);
app.get("/healthz", (c) => c.json({ status: "ok", service: "edge" }));
