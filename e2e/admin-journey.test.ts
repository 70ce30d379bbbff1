import { describe, expect, it } from "vitest";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../platform/dev-secrets.ts";
import { auditRows, createPercentCode, openAdminPage, ownerAddsStaff, refundPartOfOrder, shipWholeOrder, shopperBuysWithCode, shopperOrderShows, signInToAdmin } from "./admin-journey-steps.ts";
import { chromiumAvailable } from "./browser.ts";
import { stackAndBrowser } from "./stack-and-browser.ts";

/**
 * The merchant admin in a real browser, against the stack as `npm run dev` starts it (issue 8's
 * journey): an owner signs in and adds a marketer; the marketer creates a 20 % code and may not
 * open the staff page; a shopper pays with the code and sees the discount on the order; a fulfilment
 * member ships the order and refunds part of it; the shopper sees the shipment and the refund; the
 * owner's audit log shows who did each step.
 *
 * One journey, its steps in order in one test (each step needs the one before).
 */
const hasBrowser = chromiumAvailable();

describe.runIf(hasBrowser)("merchant admin journey in Chromium", () => {
  const run = stackAndBrowser(19340);

  it("owner adds a marketer, who creates a 20 % code a shopper pays with; fulfilment ships and partly refunds; all in the audit log", async () => {
    const url = run.stack.url;

    // 1. The owner signs in and adds a staff member with the marketing role.
    const owner = await signInToAdmin(run.browser, url, DEV_OWNER_EMAIL, DEV_SECRETS.DEV_OWNER_PASSWORD);
    const marketerAccount = await ownerAddsStaff(owner, url, "marketing");

    // 2. The marketer signs in (their own browser), creates a 20 % code, and may not open the staff page.
    const marketer = await signInToAdmin(run.browser, url, marketerAccount.email, marketerAccount.password);
    const code = `JOURNEY${Date.now().toString(36).toUpperCase()}`;
    const promotionPath = await createPercentCode(marketer, url, { name: "Journey 20 %", code, percent: 20 });
    expect(await marketer.page.locator("main").innerText()).toContain("20 % off the order");
    expect(await openAdminPage(marketer, url, "/admin/staff")).toEqual({ status: 403, heading: "Not allowed" });

    // 3. A shopper pays with the code and sees 20 % of the goods taken off their order.
    const order = await shopperBuysWithCode(run.browser, url, code);
    expect(order.subtotal).toBeGreaterThan(0);
    expect(order.discount).toBe(Math.round(order.subtotal * 0.2));
    expect(await order.page.locator("main").innerText()).toMatch(/paid/i);

    // The marketer's promotion page counts the use.
    await marketer.page.goto(`${url}${promotionPath}`);
    expect(await marketer.page.locator("dt:text-is('Uses') + dd").innerText()).toMatch(/^1 \(/);

    // 4. The owner adds a fulfilment member, who ships the whole order and refunds part of it.
    const fulfilmentAccount = await ownerAddsStaff(owner, url, "fulfilment");
    const fulfiller = await signInToAdmin(run.browser, url, fulfilmentAccount.email, fulfilmentAccount.password);
    const orderId = order.orderPath.split("/").at(-1) ?? "";
    await shipWholeOrder(fulfiller, url, orderId, { carrier: "DHL", trackingNumber: "JD014600003SE" });
    await refundPartOfOrder(fulfiller, url, orderId, "5.00", "box arrived dented");

    // 5. The shopper sees the shipment and, once the provider has settled it, the refund.
    const shopperView = await shopperOrderShows(order, url, /Refunded in total: \$5\.00/);
    expect(shopperView).toContain("JD014600003SE");
    expect(shopperView).toMatch(/\$5\.00[\s\S]*Refunded[\s\S]*box arrived dented/);

    // 6. The owner's audit log shows who did each step.
    const staffAdded = await auditRows(owner, url, { actor: DEV_OWNER_EMAIL, action: "staff.create" });
    expect(staffAdded.find((row) => row.includes(marketerAccount.email))).toContain(`staff ${DEV_OWNER_EMAIL}`);
    const promotionCreated = await auditRows(owner, url, { actor: marketerAccount.email, action: "post /promotions" });
    expect(promotionCreated).toHaveLength(1);
    expect(promotionCreated[0]).toContain(`staff ${marketerAccount.email}`);
    expect(promotionCreated[0]).toContain(code);
    const orderChanges = await auditRows(owner, url, { actor: fulfilmentAccount.email, action: "post /orders/" });
    expect(orderChanges.filter((row) => row.includes(`/orders/${orderId}/fulfilments`))).toHaveLength(1);
    expect(orderChanges.filter((row) => row.includes(`/orders/${orderId}/refunds`))).toHaveLength(1);
    expect(orderChanges.every((row) => row.includes(`staff ${fulfilmentAccount.email}`))).toBe(true);
  });
});
