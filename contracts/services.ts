/**
 * The regional services, by name: the edge's region map, the stack runner and each service's
 * env all key on these. Catalog comes first because the others consume its feed.
 */
export const SERVICES = ["catalog", "orders", "payments", "customers"] as const;
export type ServiceName = (typeof SERVICES)[number];
