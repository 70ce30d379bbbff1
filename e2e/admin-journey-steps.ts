import type { Browser, Page } from "playwright-core";
import { fillCheckoutAndPay } from "./storefront-steps.ts";

/**
 * The merchant admin's browser journey (e2e/admin-journey.test.ts), one function per step, each
 * doing what a person does in the pages (no JSON calls) and answering what the next step needs.
 * Each person has their own browser context: their own cookies, as on their own computer.
 */

export interface Person {
  page: Page;
  email: string;
}

/** Opens a fresh browser context for someone and signs them in at /admin. */
export async function signInToAdmin(browser: Browser, url: string, email: string, password: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/admin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: `Signed in as ${email}` }).waitFor();
  return { page, email };
}

/** The owner adds a staff member on /admin/staff, setting their first password to hand over. */
export async function ownerAddsStaff(owner: Person, url: string, role: string): Promise<{ email: string; password: string }> {
  const email = `${role}-${Date.now()}@example.test`;
  const password = `first ${role} password`;
  await owner.page.goto(`${url}/admin/staff`);
  await owner.page.getByLabel("Email").fill(email);
  await owner.page.getByLabel("Name (optional)").fill(`The ${role} member`);
  await owner.page.getByLabel("Role").selectOption(role);
  await owner.page.getByLabel(/^First password/).fill(password);
  await owner.page.getByRole("button", { name: "Add" }).click();
  await owner.page.getByText(`${email} was added.`).waitFor();
  return { email, password };
}

/** Someone with promotions:write creates an active percentage-off-the-order code promotion; answers its page's path. */
export async function createPercentCode(person: Person, url: string, input: { name: string; code: string; percent: number }): Promise<string> {
  const page = person.page;
  await page.goto(`${url}/admin/promotions`);
  await page.getByRole("link", { name: "New promotion" }).click();
  await page.getByLabel("Name", { exact: true }).fill(input.name);
  await page.getByLabel("Kind", { exact: true }).selectOption("percentage_order");
  await page.getByLabel(/^Percent off/).fill(String(input.percent));
  await page.getByLabel("How it applies").selectOption("code");
  await page.getByLabel(/^Codes/).fill(input.code);
  await page.getByLabel(/^Switch it on now/).check();
  await page.getByRole("button", { name: "Create promotion" }).click();
  await page.waitForURL(/\/admin\/promotions\/[A-Za-z0-9_-]+$/);
  return new URL(page.url()).pathname;
}

/** What a page at `path` answers `person`: its status and its heading. */
export async function openAdminPage(person: Person, url: string, path: string): Promise<{ status: number | undefined; heading: string }> {
  const res = await person.page.goto(`${url}${path}`);
  return { status: res?.status(), heading: (await person.page.locator("h1").first().textContent())?.trim() ?? "" };
}

export interface ShopperOrder {
  page: Page;
  orderPath: string;
  subtotal: number;
  discount: number;
}

/** Cents from "$12.34" or "−$12.34". */
const cents = (text: string) => Math.round(Number(text.replace(/[^0-9.]/g, "")) * 100);

/**
 * A shopper (a guest, in a context of their own) adds the first shirt to the cart, applies `code`,
 * pays with the sandbox's success card, and reads their order's subtotal and the code's discount.
 */
export async function shopperBuysWithCode(browser: Browser, url: string, code: string): Promise<ShopperOrder> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${url}/search?q=shirt`);
  const href = await page.locator("a[href^='/p/']").first().getAttribute("href");
  if (!href) throw new Error("the search page lists no product links");
  await page.goto(`${url}${href}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.waitForURL(/\/cart/);

  // A new code reaches the edge within the catalog version's TTL (a second or two): apply again until it has.
  const applied = page.locator(".cart-promotions li", { hasText: code });
  for (const started = Date.now(); !(await applied.count()) || (await applied.innerText()).includes("not applied"); ) {
    if (Date.now() - started > 10_000) throw new Error(`the code ${code} did not apply: ${await page.locator("main").innerText()}`);
    await page.getByLabel("Code", { exact: true }).fill(code);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForLoadState("load");
  }

  await fillCheckoutAndPay(page, url, "4242 4242 4242 4242");
  await page.waitForURL(/\/orders\/[^/]+$/, { timeout: 15_000 });
  const totals = page.locator("dl.totals");
  const subtotal = cents((await totals.locator("dt:text-is('Subtotal') + dd").textContent()) ?? "");
  const discount = cents((await totals.locator(`dt:text-is('${code}') + dd`).textContent()) ?? "");
  return { page, orderPath: new URL(page.url()).pathname, subtotal, discount };
}

/** The audit log's rows for a search, as the owner reads them (each row's text, its before and after included). */
export async function auditRows(owner: Person, url: string, search: Record<string, string>): Promise<string[]> {
  await owner.page.goto(`${url}/admin/audit?${new URLSearchParams(search)}`);
  return owner.page.locator("main > table > tbody > tr").evaluateAll((rows) => rows.map((row) => row.textContent ?? ""));
}

/** Someone with orders:write finds an order by its id in the admin and ships all of it. */
export async function shipWholeOrder(person: Person, url: string, orderId: string, shipment: { carrier: string; trackingNumber: string }): Promise<void> {
  const page = person.page;
  await page.goto(`${url}/admin/orders?q=${encodeURIComponent(orderId)}`);
  await page.locator(`a[href="/admin/orders/${orderId}"]`).first().click();
  await page.getByLabel("Carrier").fill(shipment.carrier);
  await page.getByLabel("Tracking number").fill(shipment.trackingNumber);
  await page.getByRole("button", { name: "Ship these units" }).click();
  await page.getByText("Shipment recorded.").waitFor();
}

/** Someone with orders:write refunds part of an order by amount ("5.00", in the order's currency) from its page. */
export async function refundPartOfOrder(person: Person, url: string, orderId: string, amount: string, reason: string): Promise<void> {
  const page = person.page;
  await page.goto(`${url}/admin/orders/${orderId}`);
  await page.getByRole("link", { name: /^Refund by amount/ }).click();
  await page.getByLabel(/^Or an amount/).fill(amount);
  await page.getByLabel(/^Reason/).fill(reason);
  await page.getByRole("button", { name: "Refund this amount" }).click();
  await page.getByText(/was sent to the payment provider/).waitFor();
}

/** The shopper's order page once it shows `text` (a refund settles at the provider a moment after it is asked for). */
export async function shopperOrderShows(shopper: ShopperOrder, url: string, text: RegExp): Promise<string> {
  for (const started = Date.now(); ; ) {
    await shopper.page.goto(`${url}${shopper.orderPath}`);
    const main = await shopper.page.locator("main").innerText();
    if (text.test(main)) return main;
    if (Date.now() - started > 20_000) throw new Error(`the order page never showed ${text}: ${main}`);
    await shopper.page.waitForTimeout(500);
  }
}
