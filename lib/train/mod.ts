/** lib/train: the training loop with progress callbacks and cancellation, and one optimiser step. */
export * from "./loop.ts";
export * from "./step.ts";
