import { app } from "./app.ts";

export { CartObject } from "../../durable-objects/src/cart-object.ts";
export { StockObject } from "../../durable-objects/src/stock-object.ts";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
