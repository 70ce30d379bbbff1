import { flashSaleSchema } from "./definition.ts";

/**
 * Flash-sale events on the catalog's feed (the catalog owns the definitions). The whole
 * definition every time, cancellations included: a consumer replaces its copy.
 */
export const FLASH_SALE_UPSERTED = "flash_sale.upserted";
export const flashSaleUpsertedSchema = flashSaleSchema;

export const FLASH_SALE_EVENTS = { [FLASH_SALE_UPSERTED]: flashSaleUpsertedSchema } as const;
