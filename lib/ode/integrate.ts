/**
 * The integration engine under every public solve (plain, adjoint, sensitivity): a state tuple
 * carried over the requested times by the fixed-grid or the adaptive loop, in either direction,
 * with the user's field wrapped so that its evaluations are counted and its shapes checked.
 */
import * as tf from "@tensorflow/tfjs";
import { OdeArgumentError, OdeDtypeError, OdeShapeError } from "./errors.ts";
import { integrateAdaptive } from "./integrate_adaptive.ts";
import { integrateFixed } from "./integrate_fixed.ts";
import type { ResolvedOptions } from "./options.ts";
import { type Reads, runSync } from "./reads.ts";
import type { VectorField } from "./solve.ts";
import { negateState, type State, type StateField } from "./state.ts";
import type { SolveStats } from "./stats.ts";
import { isAdaptive } from "./tableaux.ts";

/**
 * Integrates a state tuple over strictly monotone times `ts`; returns one state per time.
 * Backward problems (decreasing times) are solved forward in s = −t with the field −f(−s, y),
 * exactly as torchdiffeq does, so both directions share one controller.
 */
export function integrate(...args: Parameters<typeof integrateReads>): State[] {
  return runSync(integrateReads(...args));
}

/** `integrate` with its reads from the device yielded (see reads.ts). */
export function* integrateReads(
  f: StateField,
  y0: State,
  ts: number[],
  o: ResolvedOptions,
  stats: SolveStats,
): Reads<State[]> {
  if (ts.length === 1) return [y0.map((x) => x.clone())];
  const run = isAdaptive(o.tableau) ? integrateAdaptive : integrateFixed;
  if (ts[1] > ts[0]) return yield* run(f, y0, ts, o, stats);
  const flipped: StateField = (s, y) => tf.tidy(() => negateState(f(-s, y)));
  return yield* run(flipped, y0, ts.map((t) => -t), { ...o, timeSign: -1 }, stats);
}

/**
 * Wraps a user's field for a tuple of states: counts evaluations and checks every result's
 * shape, so a wrong field fails at its first call with a message naming both shapes.
 */
export function checkedField(
  fields: ((t: number, y: State) => tf.Tensor[]) | VectorField,
  shapes: number[][],
  stats: SolveStats,
  tuple: boolean,
): StateField {
  return (t, y) => {
    stats.nfe++;
    // In its own scope: what f makes besides dy is freed even when dy is refused or f throws.
    const out = tf.tidy(() =>
      tuple
        ? (fields as (t: number, y: State) => tf.Tensor[])(t, y)
        : [(fields as VectorField)(t, y[0])]
    );
    const problem = checkOutputs(out, shapes, t);
    if (problem) {
      // Free what f made before reporting, so a caught error leaks nothing.
      tf.dispose(out.filter((dy) => dy instanceof tf.Tensor));
      throw problem;
    }
    return out;
  };
}

function checkOutputs(out: unknown[], shapes: number[][], t: number): Error | undefined {
  for (const [c, dy] of out.entries()) {
    if (!(dy instanceof tf.Tensor)) {
      return new OdeArgumentError(
        "f",
        `returned ${typeof dy} instead of a tensor at t=${t}`,
        "return dy/dt as a tf.Tensor",
      );
    }
    const expected = shapes[c];
    if (
      dy.shape.length !== expected.length ||
      dy.shape.some((n: number, i: number) => n !== expected[i])
    ) {
      return new OdeShapeError(expected, dy.shape, t);
    }
    // An int32 dy would be summed into the float state by integer arithmetic: wrong, silently.
    if (dy.dtype !== "float32") return new OdeDtypeError(dy.dtype, t);
  }
}

export function validateField(f: unknown): void {
  if (typeof f !== "function") {
    throw new OdeArgumentError("f", "must be a function (t, y) => dy/dt", "pass the vector field");
  }
}
