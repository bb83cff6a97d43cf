/**
 * A demo's training step on its own: the model, optimiser and data of one live demo behind a
 * `step()`, with nothing drawn. The page's "auto" backend times it on each backend, the browser
 * benchmark counts its kernels, and Deno runs the very same step on wasm to compare.
 */
export interface DemoStep {
  /** One optimiser step; resolves with its loss, read asynchronously (no blocking read). */
  step(): Promise<number>;
  /** Frees every tensor the step holds (its model, optimiser and data). */
  dispose(): void;
}
