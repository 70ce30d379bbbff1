import { DurableObject } from "cloudflare:workers";

/** One cart, one object: every change to a cart is serialised through this single writer. */
export class CartObject extends DurableObject<Env> {}
