/** Learning-rate schedules shared by the training recipes (lib/train's fit() applies them). */

/**
 * A linear warm-up over the first `warmup` iterations (from lr/warmup to lr), then a cosine from
 * `lr` down to `lrEnd` at the last iteration. `warmup` 0 starts the cosine at once.
 */
export function warmupCosine(
  iteration: number,
  steps: number,
  { lr, lrEnd = 0, warmup = 0 }: { lr: number; lrEnd?: number; warmup?: number },
): number {
  if (iteration < warmup) return (lr * (iteration + 1)) / warmup;
  const p = (iteration - warmup) / Math.max(1, steps - warmup);
  return lrEnd + 0.5 * (lr - lrEnd) * (1 + Math.cos(Math.PI * p));
}

/** Warm-up over the first 2% of `steps` (at least one iteration), then a cosine to `lrEnd`. */
export function cosineLr(iteration: number, steps: number, lr: number, lrEnd: number): number {
  return warmupCosine(iteration, steps, {
    lr,
    lrEnd,
    warmup: Math.max(1, Math.round(0.02 * steps)),
  });
}

/** Geometric decay from `start` at the first iteration to `end` at the last. */
export function exponentialDecay(
  iteration: number,
  steps: number,
  start: number,
  end: number,
): number {
  return start * (end / start) ** (iteration / Math.max(1, steps - 1));
}
