export * from "./module.ts";
export * from "./mlp.ts";
