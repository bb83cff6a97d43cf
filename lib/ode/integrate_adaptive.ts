/**
 * The adaptive loop (bosh3, dopri5, tsit5), step for step as torchdiffeq's: steps are not clipped
 * to the output times; every output comes from the dense output of the accepted step around it.
 */
import * as tf from "@tensorflow/tfjs";
import { NonFiniteStateError, StepBudgetError } from "./errors.ts";
import { denseOutput, type StepRecord } from "./interpolate.ts";
import type { ResolvedOptions } from "./options.ts";
import { rkStep } from "./rk_step.ts";
import type { Reads } from "./reads.ts";
import { errorRatio, nonFiniteProbe, type State, type StateField } from "./state.ts";
import { initialStepSizeReads, nextStepSize } from "./step_control.ts";
import type { SolveStats } from "./stats.ts";

/** Consecutive non-finite trial steps tolerated (each shrinks dt by 5×) before giving up. */
const MAX_NON_FINITE_TRIALS = 20;

/**
 * Times must be strictly increasing (the caller flips backward problems). Yields the one number
 * it reads per trial step (and three at the start); see reads.ts.
 */
export function* integrateAdaptive(
  f: StateField,
  y0: State,
  ts: number[],
  o: ResolvedOptions,
  stats: SolveStats,
): Reads<State[]> {
  const { tableau, rtol, atol } = o;
  const last = tableau.c.length - 1;
  const owned = new Set<tf.Tensor>(); // tensors this loop created and must free
  const track = (s: State) => s.forEach((x) => owned.add(x));
  const free = (s: State) =>
    s.forEach((x) => {
      if (owned.delete(x)) x.dispose();
    });

  const outputs: State[] = [y0.map((x) => x.clone())];
  let t = ts[0];
  let y = y0;
  let fy: State = [];
  try {
    fy = f(t, y);
    track(fy);
    if (!(yield* allFinite([...y, ...fy]))) {
      throw new NonFiniteStateError(o.timeSign * t, "y0 or f(t0, y0)");
    }
    let dt = o.firstStep ?? (yield* initialStepSizeReads(f, t, y, fy, tableau.order, rtol, atol));
    let record: StepRecord | undefined;
    let steps = 0;
    let nonFinite = 0;
    for (let i = 1; i < ts.length; i++) {
      while (ts[i] > t) {
        if (steps >= o.maxSteps) {
          throw new StepBudgetError(
            o.timeSign * t,
            steps,
            `options.maxSteps = ${o.maxSteps} steps were used up`,
          );
        }
        if (t + dt === t) {
          // Shrinking because every trial overflowed means the field itself breaks down here.
          if (nonFinite > 0) {
            throw new NonFiniteStateError(o.timeSign * t, "f(t, y) just past this time");
          }
          throw new StepBudgetError(
            o.timeSign * t,
            steps,
            `the step size underflowed (dt = ${dt})`,
          );
        }
        const trial = tf.tidy(() => {
          const step = rkStep(f, tableau, t, dt, y, fy);
          return { y1: step.y1, k: step.k, ratio: errorRatio(step.err!, y, step.y1, rtol, atol) };
        });
        let ratio: number;
        try {
          [ratio] = yield trial.ratio;
        } catch (error) {
          tf.dispose([trial.y1, ...trial.k.slice(1)]);
          throw error;
        }
        steps++;
        const stages = trial.k.slice(1);
        const start = t;
        if (ratio <= 1) {
          stats.accepted++;
          track(trial.y1);
          stages.forEach(track);
          const previous = record;
          record = { t0: t, dt, y0: y, y1: trial.y1, k: trial.k, f1: trial.k[last] };
          if (previous) {
            // The new step starts from the old step's end: keep that, free the rest.
            free(previous.y0);
            previous.k.slice(0, last).forEach(free);
          }
          t = t + dt;
          y = trial.y1;
          fy = trial.k[last];
        } else {
          stats.rejected++;
          tf.dispose([trial.y1, ...stages]);
        }
        // Reported after the bookkeeping above, so a hook that throws leaks nothing.
        o.onStep?.({
          t: o.timeSign * start,
          dt: o.timeSign * dt,
          ratio,
          accepted: ratio <= 1,
        });
        nonFinite = Number.isFinite(ratio) ? 0 : nonFinite + 1;
        if (nonFinite > MAX_NON_FINITE_TRIALS) {
          throw new NonFiniteStateError(
            o.timeSign * t,
            `every trial step of the last ${nonFinite} attempts`,
          );
        }
        dt = nextStepSize(dt, ratio, tableau.order);
      }
      const step = record!;
      outputs.push(tf.tidy(() => denseOutput(tableau.dense, step, ts[i])));
    }
    return outputs;
  } catch (error) {
    outputs.forEach((s) => tf.dispose(s));
    throw error;
  } finally {
    tf.dispose([...owned]);
  }
}

/** One read: are all elements of all these tensors finite? */
export function* allFinite(xs: tf.Tensor[]): Reads<boolean> {
  const [probe] = yield nonFiniteProbe(xs);
  return Number.isFinite(probe);
}
