export * from "./random.ts";
export * from "./likelihoods.ts";
export * from "./batches.ts";
export * from "./loop.ts";
export * from "./step.ts";
