import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "./browser.ts";
import { stackAndBrowser } from "./stack-and-browser.ts";
import { fillCheckoutAndPay } from "./storefront-steps.ts";

/**
 * A shopper in a real browser, against the stack as `npm run dev` starts it: browse, add two
 * products, sign up through the link in the development mailbox (the guest cart follows), pay with the sandbox's success card, see the
 * confirmation and the order in the history; then a declined card leaves the cart as it was.
 */
const SCREENSHOTS = resolve(import.meta.dirname, "../test-results");
const hasBrowser = chromiumAvailable();

describe.runIf(hasBrowser)("shopper journey in Chromium", () => {
  const run = stackAndBrowser();

  async function addProductToCart(page: Page, index: number): Promise<string> {
    await page.goto(`${run.stack.url}/search?q=shirt`);
    const links = page.locator("a[href^='/p/']");
    const href = await links.nth(index).getAttribute("href");
    if (!href) throw new Error("the search page lists no product links");
    await page.goto(`${run.stack.url}${href}`);
    const title = (await page.locator("h1").first().textContent())?.trim() ?? "";
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(/\/cart/);
    return title;
  }

  const checkout = (page: Page, card: string) => fillCheckoutAndPay(page, run.stack.url, card);

  it("browses, adds two products, signs up, pays and sees the order", async () => {
    const page = await run.browser.newPage();
    // The Content-Security-Policy must not block anything the pages use (their inline stylesheet).
    const blocked: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(`${run.stack.url}/`);
    expect(await page.title()).not.toBe("");
    // The stylesheet applied: the header is laid out as a flex row, as styles.ts says.
    expect(await page.locator(".site-header").evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).display)).toBe("flex");
    expect(await page.locator("a[href^='/p/']").count()).toBeGreaterThan(0);

    const first = await addProductToCart(page, 0);
    const second = await addProductToCart(page, 1);
    const cart = await page.locator("main").innerText();
    expect(cart).toContain(first);
    expect(cart).toContain(second);

    const email = `e2e-${Date.now()}@example.test`;
    await page.goto(`${run.stack.url}/account/signup`);
    await page.getByLabel("Name (optional)").fill("Ada Shopper");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/^Password/).fill("correct horse battery");
    await page.getByRole("button", { name: /sign up|create account/i }).click();
    await page.waitForLoadState("load");
    expect(await page.locator("main").innerText()).toContain("Check your inbox");

    // Sign-up finishes through the emailed link, read from the development mailbox.
    await page.goto(`${run.stack.url}/dev/mailbox?to=${encodeURIComponent(email)}`);
    await page.getByRole("link", { name: "Open the link" }).first().click();
    await page.getByRole("button", { name: /finish creating my account/i }).click();
    await page.waitForLoadState("load");

    // The guest cart followed the shopper into their account.
    await page.goto(`${run.stack.url}/cart`);
    const merged = await page.locator("main").innerText();
    expect(merged).toContain(first);
    expect(merged).toContain(second);

    await checkout(page, "4242 4242 4242 4242");
    await page.waitForURL(/\/orders\/[^/]+$/, { timeout: 15_000 }).catch(async (err: unknown) => {
      throw new Error(`checkout did not reach the confirmation (at ${page.url()}): ${(await page.locator("main").innerText()).slice(0, 1500)}`, { cause: err });
    });
    const confirmation = await page.locator("main").innerText();
    expect(confirmation.toLowerCase()).toContain("paid");
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, "order-confirmation.png"), fullPage: true });
    const orderPath = new URL(page.url()).pathname;

    await page.goto(`${run.stack.url}/orders`);
    expect(await page.locator(`a[href='${orderPath}']`).count()).toBeGreaterThan(0);

    // Paid: the cart is empty again.
    await page.goto(`${run.stack.url}/cart`);
    const after = await page.locator("main").innerText();
    expect(after).not.toContain(first);
    expect(blocked).toEqual([]);
    await page.close();
  });

  it("keeps the cart intact when the card is declined", async () => {
    const page = await run.browser.newPage();
    const title = await addProductToCart(page, 2);
    await checkout(page, "4000 0000 0000 0002");
    const text = (await page.locator("main").innerText()).toLowerCase();
    expect(text).toMatch(/declined/);
    await page.goto(`${run.stack.url}/cart`);
    expect(await page.locator("main").innerText()).toContain(title);
    await page.close();
  });
});
