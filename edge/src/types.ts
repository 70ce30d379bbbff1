/** Hono environment of the edge app: bindings from wrangler.toml plus per-request variables. */
export interface EdgeVariables {
  requestId: string;
}
export interface EdgeEnv {
  Bindings: Env;
  Variables: EdgeVariables;
}
