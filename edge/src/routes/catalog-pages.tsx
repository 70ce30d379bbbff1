import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const catalogPagesRoutes = new Hono<EdgeEnv>();
