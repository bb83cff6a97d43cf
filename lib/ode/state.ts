/**
 * The solver's internal state is a tuple of tensors. The public API uses a one-tensor tuple;
 * the adjoint integrates [y, a, g_1, …, g_P] together without flattening it into one vector.
 */
import * as tf from "@tensorflow/tfjs";

export type State = tf.Tensor[];
export type StateField = (t: number, y: State) => State;

/** One term of a linear combination: a state scaled by a plain number. */
export type Term = readonly [State, number];

/**
 * Σ w_j·x_j component by component, skipping zero weights and multiplications by one.
 * Every stage, error estimate and dense output of the Runge–Kutta family is one call of this.
 */
export function lincomb(terms: readonly Term[]): State {
  const live = terms.filter(([, w]) => w !== 0);
  if (live.length === 0) throw new Error("lincomb: all weights are zero");
  return live[0][0].map((_, c) => {
    const parts = live.map(([x, w]) => (w === 1 ? x[c] : tf.mul(x[c], w)));
    if (parts.length > 1) return tf.addN(parts);
    return live[0][1] === 1 ? parts[0].clone() : parts[0];
  });
}

/** Root mean square over all elements of one tensor (a scalar tensor). */
export function rms(x: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.mean(tf.square(x))));
}

/**
 * The norm torchdiffeq uses for a tuple of tensors: the largest RMS among the components
 * (for one tensor, just its RMS). Returns a scalar tensor; read it once per step.
 */
export function mixedNorm(x: State): tf.Scalar {
  return tf.tidy(() => (x.length === 1 ? rms(x[0]) : tf.max(tf.stack(x.map(rms)))) as tf.Scalar);
}

/** Error ratio of a step: mixedNorm(err / (atol + rtol·max(|y0|, |y1|))); ≤ 1 accepts it. */
export function errorRatio(
  err: State,
  y0: State,
  y1: State,
  rtol: number,
  atol: number,
): tf.Scalar {
  return tf.tidy(() =>
    mixedNorm(
      err.map((e, c) =>
        tf.div(e, tf.add(atol, tf.mul(rtol, tf.maximum(tf.abs(y0[c]), tf.abs(y1[c])))))
      ),
    )
  );
}

export function disposeState(...states: (State | undefined)[]): void {
  for (const s of states) if (s) tf.dispose(s);
}

export function negateState(y: State): State {
  return y.map((x) => tf.neg(x));
}

/** Reads a (small) tensor into plain numbers and disposes it: the one synchronous read per step. */
export function readAndDispose(x: tf.Tensor): number[] {
  const values = Array.from(x.dataSync());
  x.dispose();
  return values;
}
