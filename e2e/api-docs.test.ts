import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "./browser.ts";
import { stackAndBrowser } from "./stack-and-browser.ts";

/**
 * The API reference page in a real browser, against `wrangler dev`: Swagger UI renders the
 * storefront and admin documents from the Worker's own assets, nothing is fetched from any other host, and
 * the page's policy lets no script or style through that it did not expect.
 */
const hasBrowser = chromiumAvailable();

describe.runIf(hasBrowser)("API reference page in Chromium", () => {
  const run = stackAndBrowser(18960);

  it("renders the storefront and admin documents, loading nothing from outside 127.0.0.1", async () => {
    const page = await run.browser.newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    page.on("request", (req) => requested.push(req.url()));
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(msg.text());
    });
    page.on("pageerror", (err) => problems.push(err.message));

    const res = await page.goto(`${run.stack.url}/api/docs`);
    expect(res?.status()).toBe(200);
    await page.getByText("/api/cart/items", { exact: true }).first().waitFor({ timeout: 30_000 });
    await expect(page.getByText("edgeshop storefront API").first().isVisible()).resolves.toBe(true);
    // The admin API's document renders below it, from its own address.
    await page.getByText("/admin/api/promotions/{id}/codes", { exact: true }).first().waitFor({ timeout: 30_000 });
    await expect(page.getByText("edgeshop admin API").first().isVisible()).resolves.toBe(true);

    expect(requested).toContain(`${run.stack.url}/api/openapi.json`);
    expect(requested).toContain(`${run.stack.url}/admin/api/openapi.json`);
    const outside = requested.filter((url) => new URL(url).hostname !== "127.0.0.1" && !url.startsWith("data:"));
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
