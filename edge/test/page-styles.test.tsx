import { describe, expect, it } from "vitest";
import { buildCartView } from "../../domain/cart-view.ts";
import type { Order } from "../../contracts/orders/api.ts";
import { SignInForm, SignUpForm } from "../src/account/forms.tsx";
import { AccountOverview } from "../src/account/overview.tsx";
import { CartPage } from "../src/cart/cart-page.tsx";
import { CheckoutPage } from "../src/checkout/checkout-page.tsx";
import { ConfirmPaymentPage, OrderPage, OrdersPage } from "../src/checkout/order-pages.tsx";
import { STYLES } from "../src/ui/styles.ts";

/**
 * The storefront has one stylesheet, served by the Layout on every page: no page brings its own,
 * no selector sets a property twice, and the classes the cart, checkout, order and account pages
 * use are all styled there.
 */
type Rule = { context: string; selectors: string[]; properties: string[] };

/** Every rule of `css` with the at-rules around it ("" at the top level). Enough for our own sheet: no braces in values. */
function rulesOf(css: string): Rule[] {
  const rules: Rule[] = [];
  const open: (Rule | string)[] = [];
  for (const [, text = "", brace] of css.matchAll(/([^{}]*)([{}])/g)) {
    if (brace === "}") {
      const closed = open.pop();
      if (typeof closed === "object") closed.properties = text.split(";").map((d) => d.split(":")[0]?.trim() ?? "").filter(Boolean);
      continue;
    }
    const head = text.trim();
    if (head.startsWith("@")) {
      open.push(head);
      continue;
    }
    const rule: Rule = { context: open.filter((o) => typeof o === "string").join(" "), selectors: head.split(",").map((s) => s.trim()), properties: [] };
    rules.push(rule);
    open.push(rule);
  }
  return rules;
}

const classesIn = (html: string) => new Set([...html.matchAll(/\sclass="([^"]+)"/g)].flatMap((m) => (m[1] ?? "").split(/\s+/)));

/** Classes that only name an element for tests and scripts; they need no style. */
const HOOKS = new Set(["checkout-link"]);

const line = { id: "l1", variantId: "v1", productSlug: "mug", title: "Mug", sku: "MUG", imageUrl: "/mug.svg", unitPrice: 1200, quantity: 2 };
const cart = (locked: boolean) =>
  buildCartView({ id: "c1", currency: "USD", lines: [line], promotionCodes: ["NOPE"], warnings: [{ code: "PRICE_CHANGED", variantId: "v1", message: "The price of Mug changed." }], locked });
const ADDRESS = { name: "Ada", line1: "1 High St", city: "Leeds", postalCode: "LS1 1AA", country: "GB" };
const order = (status: Order["status"]): Order => ({
  id: "ord_abcdefgh12345678",
  status,
  idempotencyKey: "k1",
  currency: "USD",
  email: "ada@example.com",
  shippingAddress: ADDRESS,
  lines: [{ ...line, lineTotal: 2400, discount: 0 }],
  promotions: [{ promotionId: "demo-freeship", code: "FREESHIP", description: "Free shipping", amount: 0, shippingAmount: 599, freeShipping: true, lines: [] }],
  subtotal: 2400,
  discountTotal: 0,
  shippingTotal: 0,
  taxTotal: 480,
  total: 2880,
  itemCount: 2,
  payment: { id: "pay_1", status: "requires_action", brand: "visa", last4: "3184", failureReason: null },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

const PAGES = {
  cart: <CartPage cart={cart(false)} error={{ field: "quantity", lineId: "l1", message: "quantity must be at most 99" }} />,
  "held cart": <CartPage cart={cart(true)} error={{ field: "cart", message: "That item is out of stock." }} />,
  checkout: <CheckoutPage cart={cart(false)} idempotencyKey="k1" errors={{ email: "email must be a valid email address", form: "Some prices have changed." }} />,
  order: <OrderPage order={order("pending_payment")} />,
  orders: <OrdersPage orders={[order("paid")]} />,
  "payment step": <ConfirmPaymentPage order={order("pending_payment")} error="The payment could not be confirmed." />,
  "sign in": <SignInForm next="/" formError="The email or password is incorrect." />,
  "sign up": <SignUpForm next="/" fieldErrors={{ email: "email must be a valid email address" }} />,
  account: <AccountOverview customer={{ id: "cus_1", email: "ada@example.com", name: "Ada" }} />,
};

describe("the storefront stylesheet", () => {
  it("never sets a property of a selector twice in the same media context", () => {
    const rules = rulesOf(STYLES);
    const seen = new Map<string, number>();
    for (const rule of rules) {
      for (const selector of rule.selectors) {
        for (const property of rule.properties) {
          const key = `${rule.context} ${selector} { ${property} }`.trim();
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
      }
    }
    expect([...seen].filter(([, n]) => n > 1).map(([key]) => key)).toEqual([]);
    // The parser saw the whole sheet, media queries included.
    expect(rules.length).toBeGreaterThan(100);
    expect(rules.find((r) => r.selectors.includes(".checkout") && r.context.startsWith("@media"))?.properties).toEqual(["grid-template-columns"]);
  });

  it.each(Object.entries(PAGES))("styles every class of the %s page, which brings no stylesheet of its own", (_name, page) => {
    const html = String(page);
    const sheets = [...html.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]);
    expect(sheets.every((css) => css === STYLES)).toBe(true);
    expect(sheets.length).toBeLessThanOrEqual(1);
    const styled = new Set([...STYLES.matchAll(/\.([a-zA-Z][\w-]*)/g)].map((m) => m[1]));
    const unstyled = [...classesIn(html)].filter((c) => !styled.has(c) && !HOOKS.has(c));
    expect(unstyled).toEqual([]);
  });

  it("is served once, in the head, by the Layout", () => {
    const html = String(PAGES.checkout);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.indexOf("<style>")).toBeLessThan(html.indexOf("</head>"));
    expect(html).toContain(".field-error {");
  });
});
