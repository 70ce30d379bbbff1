/**
 * For a service's specs that need a sibling service really running (orders follows the catalog's
 * feed and calls payments). Services never import each other's folders; their tests reach a
 * sibling's entry point only through here, as the stack runner does.
 */
export { start as startCatalog } from "../regional-services/catalog/service.ts";
export { generateCatalog } from "../regional-services/catalog/seed/generate.ts";
export { start as startPayments } from "../regional-services/payments/service.ts";
export { start as startCustomers } from "../regional-services/customers/service.ts";
