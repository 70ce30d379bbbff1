import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const cartPagesRoutes = new Hono<EdgeEnv>();
