/** lib/models: every lecture's model with its loss. */
export * from "./loss.ts";
export * from "./node.ts";
export * from "./bnn_node.ts";
export * from "./anode.ts";
export * from "./vae.ts";
export * from "./odevae.ts";
export * from "./latent_ode.ts";
export * from "./odenet.ts";
export * from "./cnf.ts";
