import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const catalogRoutes = new Hono<EdgeEnv>();
