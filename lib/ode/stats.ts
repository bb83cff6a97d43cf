/** What a solve cost: evaluations of f, and accepted/rejected steps. */
export interface SolveStats {
  /** Number of evaluations of the vector field. */
  nfe: number;
  accepted: number;
  rejected: number;
}

export function emptyStats(): SolveStats {
  return { nfe: 0, accepted: 0, rejected: 0 };
}

/**
 * One trial step of an adaptive method, as `SolveOptions.onStep` reports it: the step covers
 * [t, t + dt] in the caller's time (dt < 0 when the times decrease), `ratio` is its error ratio
 * (RMS of the error estimate over atol + rtol·max(|y0|, |y1|)), and it was accepted when
 * ratio ≤ 1. A rejected trial is retried from the same t with a smaller dt.
 */
export interface StepTrial {
  t: number;
  dt: number;
  ratio: number;
  accepted: boolean;
}
