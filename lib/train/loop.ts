/**
 * The training loop every model uses: runs a step function, reports progress to callbacks
 * (a progress bar in Deno, live plots in a page), can be cancelled, and yields to the event loop
 * so a page stays responsive.
 */

export interface StepResult {
  loss: number;
  /** Named parts of the loss (e.g. reconstruction, KL), for progress lines and plots. */
  terms?: Record<string, number>;
}

export interface ProgressInfo extends StepResult {
  iteration: number;
  iterations: number;
  elapsedMs: number;
  /** Estimated time to the end, from the mean step time so far. */
  etaMs: number;
}

export interface TrainOptions {
  iterations: number;
  /** One optimiser step; returns the loss (and terms) of that step. */
  step: (iteration: number) => number | StepResult | Promise<number | StepResult>;
  onProgress?: (info: ProgressInfo) => void | Promise<void>;
  /** Called every `reportEvery` iterations (default 1). */
  reportEvery?: number;
  /** Stops the loop at the next iteration boundary. */
  signal?: AbortSignal;
  /** Yield to the event loop every this many iterations (default 1; 0 never). */
  yieldEvery?: number;
}

export interface TrainResult {
  losses: number[];
  iterations: number;
  cancelled: boolean;
  elapsedMs: number;
}

export async function trainLoop(options: TrainOptions): Promise<TrainResult> {
  const { iterations, step, onProgress, signal } = options;
  const reportEvery = options.reportEvery ?? 1;
  const yieldEvery = options.yieldEvery ?? 1;
  const losses: number[] = [];
  const start = performance.now();
  for (let it = 0; it < iterations; it++) {
    if (signal?.aborted) {
      return { losses, iterations: it, cancelled: true, elapsedMs: performance.now() - start };
    }
    const raw = await step(it);
    const result = typeof raw === "number" ? { loss: raw } : raw;
    if (!Number.isFinite(result.loss)) {
      throw new Error(
        `training diverged at iteration ${it}: loss is ${result.loss}. Fix: lower the learning ` +
          `rate, or check the data and the model's initial scale.`,
      );
    }
    losses.push(result.loss);
    const elapsedMs = performance.now() - start;
    if (onProgress && ((it + 1) % reportEvery === 0 || it + 1 === iterations)) {
      await onProgress({
        ...result,
        iteration: it + 1,
        iterations,
        elapsedMs,
        etaMs: (elapsedMs / (it + 1)) * (iterations - it - 1),
      });
    }
    if (yieldEvery > 0 && (it + 1) % yieldEvery === 0) await new Promise((r) => setTimeout(r, 0));
  }
  return { losses, iterations, cancelled: false, elapsedMs: performance.now() - start };
}
