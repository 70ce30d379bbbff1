import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const checkoutPagesRoutes = new Hono<EdgeEnv>();
