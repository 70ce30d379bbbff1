import { createRoute } from "@hono/zod-openapi";
import { checkoutBodySchema, checkoutKeyHeaderSchema } from "./checkout-requests.ts";
import { conflict, errorResponse, SESSION, unavailable, WRITE_REFUSALS } from "./responses.ts";
import { checkoutAnswerSchema } from "./views.ts";

/** The cart becomes an order: one call, made safe to repeat by its Idempotency-Key. */
const placed = (description: string) => ({ description, content: { "application/json": { schema: checkoutAnswerSchema } } });

export const checkoutRoute = createRoute({
  method: "post",
  path: "/api/checkout",
  tags: ["Checkout"],
  summary: "Place an order from the cart",
  description:
    "The cart is held while the order is placed and the card charged. Send a fresh `Idempotency-Key` per attempt (a UUID); the same key again answers with the same order (200). " +
    "When `nextAction` is present, the shopper confirms the payment with POST /api/orders/{id}/payment-confirmation. A declined card is 402 and leaves the cart as it was.",
  security: SESSION,
  request: {
    headers: checkoutKeyHeaderSchema,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: checkoutBodySchema,
          example: {
            email: "ada@example.com",
            shippingAddress: { name: "Ada Lovelace", line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB" },
            payment: { card: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123" },
          },
        },
      },
    },
  },
  responses: {
    201: placed("The order was placed"),
    200: placed("The order this Idempotency-Key placed before"),
    ...WRITE_REFUSALS,
    402: errorResponse("PAYMENT_FAILED: the card was declined; `details.orderId` names the failed order"),
    409: conflict("CART_EMPTY, CHECKOUT_IN_PROGRESS, PRICE_CHANGED, OUT_OF_STOCK, UNAVAILABLE, PROMOTION_NOT_APPLICABLE, TOTAL_CHANGED: fix the cart and try again"),
    422: errorResponse("IDEMPOTENCY_KEY_REUSED: the key was used with a different cart or body"),
    503: unavailable,
  },
});
