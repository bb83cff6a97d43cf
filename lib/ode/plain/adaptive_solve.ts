/**
 * The adaptive loop of lecture 1 written plainly for one tensor, built from adaptive_step.ts and
 * dense_output.ts: trial steps until the last requested time is passed (steps are not clipped to
 * the output times, as in torchdiffeq), then every output from the dense output of the accepted
 * step around it. It keeps every accepted step until the end, which is fine for lectures and
 * tests; the production loop (integrate_adaptive.ts) keeps one. With dopri5 it takes exactly
 * the production solver's steps (tests/ode/plain_test.ts).
 *
 * The step and the dense output can be swapped (`parts`): the exercise kit's tests run this loop
 * with a learner's `adaptiveStep` or `denseOutputAt`.
 */
import * as tf from "@tensorflow/tfjs";
import { OdeArgumentError, StepBudgetError } from "../errors.ts";
import { DEFAULT_ATOL, DEFAULT_MAX_STEPS, DEFAULT_RTOL } from "../options.ts";
import type { VectorField } from "../solve.ts";
import type { StateField } from "../state.ts";
import type { SolveStats } from "../stats.ts";
import { initialStepSize } from "../step_control.ts";
import { type ButcherTableau, DOPRI5 } from "../tableaux.ts";
import { adaptiveStep } from "./adaptive_step.ts";
import { denseOutputAt, type DenseStep } from "./dense_output.ts";

export interface PlainAdaptiveOptions {
  /** An embedded first-same-as-last pair (default DOPRI5). */
  tableau?: ButcherTableau;
  rtol?: number;
  atol?: number;
  /** First trial step (default: Hairer's rule, one extra evaluation). */
  firstStep?: number;
  maxSteps?: number;
}

/** The pieces the loop is made of; defaults are this folder's references. */
export interface AdaptiveParts {
  step?: typeof adaptiveStep;
  denseOutput?: typeof denseOutputAt;
}

/** One trial step as plain numbers, for plots of the step-size control. */
export interface TrialRecord {
  t: number;
  h: number;
  ratio: number;
  accepted: boolean;
}

export interface PlainAdaptiveSolution {
  /** States at the requested times: [T, ...y0.shape]. */
  ys: tf.Tensor;
  stats: SolveStats;
  trials: TrialRecord[];
}

/** Solves dy/dt = f(t, y), y(t[0]) = y0 at the strictly increasing times t. */
export function adaptiveSolve(
  f: VectorField,
  y0: tf.Tensor,
  t: readonly number[],
  options: PlainAdaptiveOptions = {},
  parts: AdaptiveParts = {},
): PlainAdaptiveSolution {
  const tableau = options.tableau ?? DOPRI5;
  if (!tableau.e || !tableau.fsal) {
    throw new OdeArgumentError(
      "options.tableau",
      `${tableau.name} is not an embedded first-same-as-last pair`,
      "use DOPRI5, BOSH3 or TSIT5",
    );
  }
  const tol = { rtol: options.rtol ?? DEFAULT_RTOL, atol: options.atol ?? DEFAULT_ATOL };
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const step = parts.step ?? adaptiveStep;
  const denseOutput = parts.denseOutput ?? denseOutputAt;
  const stats: SolveStats = { nfe: 0, accepted: 0, rejected: 0 };
  const counted: VectorField = (time, y) => {
    stats.nfe++;
    return f(time, y);
  };
  const trials: TrialRecord[] = [];
  const steps: DenseStep[] = [];
  const owned: tf.Tensor[] = [];
  try {
    let time = t[0];
    let y = y0;
    let fy = counted(time, y);
    owned.push(fy);
    const tuple: StateField = (s, [x]) => [counted(s, x)];
    let h = options.firstStep ??
      initialStepSize(tuple, time, [y], [fy], tableau.order, tol.rtol, tol.atol);
    const end = t[t.length - 1];
    while (time < end) {
      if (trials.length >= maxSteps) {
        throw new StepBudgetError(
          time,
          trials.length,
          `options.maxSteps = ${maxSteps} steps were used up`,
        );
      }
      const trial = step(counted, tableau, time, y, fy, h, tol);
      trials.push({ t: time, h, ratio: trial.ratio, accepted: trial.accepted });
      const last = trial.k[trial.k.length - 1];
      if (trial.accepted) {
        stats.accepted++;
        owned.push(trial.y1, last);
        steps.push({ t0: time, h, y0: y, f0: fy, y1: trial.y1, f1: last });
        time = time + h;
        y = trial.y1;
        fy = last;
        tf.dispose(trial.k.slice(1, -1));
      } else {
        stats.rejected++;
        tf.dispose([trial.y1, ...trial.k.slice(1)]);
      }
      h = trial.hNext;
    }
    const ys = t.length === 1 ? tf.stack([y0]) : denseOutput(steps, t);
    return { ys, stats, trials };
  } finally {
    tf.dispose(owned);
  }
}
