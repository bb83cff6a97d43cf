/**
 * lib/train: the training loop with progress callbacks and cancellation, one optimiser step, and
 * fit() (Adam under a learning-rate schedule, the recipes' shared preamble).
 */
export * from "./loop.ts";
export * from "./step.ts";
export * from "./learning_rate.ts";
export * from "./fit.ts";
export * from "./kernel_count.ts";
