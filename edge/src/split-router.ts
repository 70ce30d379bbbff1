import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";

/**
 * Hono's default router takes its fast RegExpRouter only when every route of the app suits it,
 * else its TrieRouter for every request. A few admin paths do not suit it (two parameters of
 * different names at one place, as `/admin/api/products/:slug` beside `…/:id/…`), and the
 * storefront's requests paid for them: the Trie's search was the largest part of routing a
 * product page. So the routes under `prefix` get a router of their own; each part still picks
 * the fastest router that takes all of its routes, and a route that may match both sides
 * (middleware on `*`, a leading parameter) is in both, so each side answers exactly as one router
 * of all the routes would.
 */
export class SplitRouter<T> implements Router<T> {
  readonly #prefix: string;
  readonly #main: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter(), new TrieRouter()] });
  readonly #split: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter(), new TrieRouter()] });

  /** `prefix` is a first path segment, e.g. "/admin". */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  get name(): string {
    return `SplitRouter (${this.#main.name}; ${this.#prefix}: ${this.#split.name})`;
  }

  #under(path: string): boolean {
    return path === this.#prefix || path.startsWith(`${this.#prefix}/`);
  }

  add(method: string, path: string, handler: T): void {
    const first = path.split("/")[1] ?? "";
    // A first segment that is a wildcard or a parameter may match on either side.
    const either = path === "*" || first === "" || first.startsWith("*") || first.startsWith(":");
    if (either || !this.#under(path)) this.#main.add(method, path, handler);
    if (either || this.#under(path)) this.#split.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    return this.#under(path) ? this.#split.match(method, path) : this.#main.match(method, path);
  }
}
