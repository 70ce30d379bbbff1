import { signedFetch } from "../platform/signed-fetch.ts";

/**
 * Polls every URL at once until each answers 2xx, or throws after `timeoutMs`. At once, because
 * the parts of a starting stack become ready in no fixed order: polling one after another would
 * add up to one polling interval per URL to the wait.
 */
export async function waitForHealthy(urls: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failed = false;
  const waitFor = async (url: string): Promise<void> => {
    // Once one URL has timed out the wait has failed: the others stop polling too.
    while (!failed) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        failed = true;
        throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await Promise.all(urls.map(waitFor));
}

/**
 * On a first start the orders service builds its offers from the catalog's feed (one event per
 * variant); until it has read up to the catalog's current version, checkout would find items
 * "unavailable". Waits until it has.
 */
export async function waitForOrdersCaughtUp(catalogUrl: string, ordersUrl: string, serviceSecret: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const version = (await (await signedFetch(serviceSecret, catalogUrl, "/catalog/version")).json()) as { version: number };
      const feeds = (await (await signedFetch(serviceSecret, ordersUrl, "/internal/feeds")).json()) as { feeds: { feed: string; position: number }[] };
      const position = feeds.feeds.find((f) => f.feed === "catalog")?.position ?? 0;
      if (position >= version.version) return;
    } catch {
      // a service is not up yet
    }
    if (Date.now() > deadline) throw new Error(`the orders service did not catch up with the catalog within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
