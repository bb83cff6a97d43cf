export * from "./weights.ts";
export * from "./manifest.ts";
