export * from "./weights.ts";
