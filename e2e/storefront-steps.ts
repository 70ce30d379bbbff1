import type { Page } from "playwright-core";

/** The storefront's checkout form, filled as a guest fills it, paid with `card` (a sandbox card number). */
export async function fillCheckoutAndPay(page: Page, url: string, card: string): Promise<void> {
  await page.goto(`${url}/checkout`);
  await page.getByLabel("Email").fill("shopper@example.test");
  await page.getByLabel("Full name").fill("Ada Shopper");
  await page.getByLabel("Address", { exact: true }).fill("1 Test Street");
  await page.getByLabel("City").fill("Springfield");
  await page.getByLabel("Postal code").fill("12345");
  await page.getByLabel("Country code").fill("US");
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry month").fill("12");
  await page.getByLabel("Expiry year").fill("2035");
  await page.getByLabel("Security code").fill("123");
  await page.getByRole("button", { name: /pay|place order/i }).click();
  await page.waitForLoadState("load");
}
