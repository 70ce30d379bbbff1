import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const checkoutRoutes = new Hono<EdgeEnv>();
