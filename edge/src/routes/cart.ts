import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const cartRoutes = new Hono<EdgeEnv>();
