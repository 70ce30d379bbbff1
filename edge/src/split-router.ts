import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";

/**
 * Hono's default router takes its fast RegExpRouter only when every route of the app suits it,
 * else its TrieRouter for every request. A few paths do not suit it (a static path beside a
 * parameter at the same place, as `/api/docs/init.js` beside `/api/docs/:file`; two parameters of
 * different names at one place, as in the admin API), and every storefront request paid for
 * them: the Trie's search was the largest part of routing a product page. So the routes under
 * the given prefixes get a router of their own; each side still picks the fastest router that
 * takes all of its routes, and a route that may match on both sides (middleware on `*`, a
 * parameter where a prefix has a name) is on both, so each side answers exactly as one router of
 * all the routes would.
 */
function segments(path: string): string[] {
  return path.split("/").slice(1);
}

/** Whether a request under `prefix` may match `route` (a parameter or a wildcard may stand for a prefix's name). */
function mayMatchUnder(route: string[], prefix: readonly string[]): boolean {
  for (const [i, name] of prefix.entries()) {
    const segment = route[i];
    if (segment === undefined) return false;
    if (segment.startsWith("*")) return true;
    if (segment !== name && !segment.startsWith(":")) return false;
  }
  return true;
}

/** Whether `route` can only match requests under `prefix` (it starts with the prefix's names). */
function onlyUnder(route: string[], prefix: readonly string[]): boolean {
  return prefix.every((name, i) => route[i] === name);
}

export class SplitRouter<T> implements Router<T> {
  readonly #prefixes: readonly string[];
  readonly #split: readonly (readonly string[])[];
  readonly #main: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter(), new TrieRouter()] });
  readonly #side: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter(), new TrieRouter()] });

  /** `prefixes` are paths of static segments, e.g. "/admin", "/api/docs". */
  constructor(prefixes: readonly string[]) {
    this.#prefixes = prefixes;
    this.#split = prefixes.map(segments);
  }

  get name(): string {
    return `SplitRouter (${this.#main.name}; ${this.#prefixes.join(", ")}: ${this.#side.name})`;
  }

  #under(path: string): boolean {
    return this.#prefixes.some((p) => path === p || path.startsWith(`${p}/`));
  }

  add(method: string, path: string, handler: T): void {
    const route = path === "*" ? ["*"] : segments(path);
    if (!this.#split.some((prefix) => onlyUnder(route, prefix))) this.#main.add(method, path, handler);
    if (this.#split.some((prefix) => mayMatchUnder(route, prefix))) this.#side.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    return this.#under(path) ? this.#side.match(method, path) : this.#main.match(method, path);
  }
}
