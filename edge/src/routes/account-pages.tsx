import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const accountPagesRoutes = new Hono<EdgeEnv>();
