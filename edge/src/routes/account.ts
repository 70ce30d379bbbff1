import { Hono } from "hono";
import type { EdgeEnv } from "../types.ts";

export const accountRoutes = new Hono<EdgeEnv>();
