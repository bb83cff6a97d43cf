/** lib/nn: modules with named parameters, and the layers the models are built from. */
export * from "./module.ts";
export * from "./mlp.ts";
export * from "./activations.ts";
export * from "./bnn.ts";
export * from "./gru.ts";
export * from "./conv.ts";
export * from "./group_norm.ts";
export * from "./time_fields.ts";
