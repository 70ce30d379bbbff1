import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const ordersRoutes = new Hono<EdgeEnv>();
