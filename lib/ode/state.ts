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
 * Σ w_j·x_j component by component, skipping zero weights. Every stage, error estimate and
 * dense output of the Runge–Kutta family is one call of this.
 */
export function lincomb(terms: readonly Term[]): State {
  const live = terms.filter(([, w]) => w !== 0);
  if (live.length === 0) throw new Error("lincomb: all weights are zero");
  const weights = live.map(([, w]) => w);
  return live[0][0].map((_, c) => weightedSum(live.map(([x]) => x[c]), weights));
}

/**
 * One differentiable op for Σ w_j·x_j. Op by op, tfjs would record 2j+1 tape nodes, clone every
 * multiplication's inputs for the backward pass and cast them again there; as one custom op it
 * records one node, saves nothing, and its backward is just dx_j = w_j·dy.
 */
function weightedSum(xs: tf.Tensor[], weights: number[]): tf.Tensor {
  if (xs.length === 1 && weights[0] === 1) return xs[0].clone();
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const inputs = args.slice(0, -1) as tf.Tensor[];
    const scaled = inputs.map((x, j) => (weights[j] === 1 ? x : tf.mul(x, weights[j])));
    return {
      value: scaled.length === 1 ? scaled[0] : sumInChunks(scaled),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) =>
        weights.map((w) => (w === 1 ? (dy as tf.Tensor).clone() : tf.mul(dy as tf.Tensor, w))),
    };
  });
  return op(...xs);
}

/**
 * Most inputs of one tf.addN. WebGPU guarantees 8 storage buffers per shader stage (7 inputs and
 * the output); past that tfjs-webgpu builds an invalid pipeline and its result reads as zeros,
 * which broke dopri5's 8-term dense output and step on WebGPU.
 */
export const MAX_ADDN_INPUTS = 7;

/**
 * Σ x_j by addN over at most MAX_ADDN_INPUTS tensors at a time, in input order. The cpu and wasm
 * kernels add their inputs left to right, so the chunked sum is bit for bit the single addN.
 */
export function sumInChunks(xs: tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    let sum = tf.addN(xs.slice(0, MAX_ADDN_INPUTS));
    for (let i = MAX_ADDN_INPUTS; i < xs.length; i += MAX_ADDN_INPUTS - 1) {
      sum = tf.addN([sum, ...xs.slice(i, i + MAX_ADDN_INPUTS - 1)]);
    }
    return sum;
  });
}

/**
 * Runs fn without recording anything for autodiff, for quantities that steer the solver (error
 * ratios, finiteness checks) but are not differentiated: the work happens inside a custom op's
 * forward pass, which tfjs never tapes. The op's gradient is never requested.
 */
export function untaped(inputs: tf.Tensor[], fn: () => tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: fn(),
    gradFunc: () => args.slice(0, -1).map((x) => tf.zerosLike(x as tf.Tensor)),
  }));
  return op(...inputs);
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
  return untaped([...err, ...y0, ...y1], () =>
    mixedNorm(
      err.map((e, c) =>
        tf.div(e, tf.add(atol, tf.mul(rtol, tf.maximum(tf.abs(y0[c]), tf.abs(y1[c])))))
      ),
    )) as tf.Scalar;
}

export function disposeState(...states: (State | undefined)[]): void {
  for (const s of states) if (s) tf.dispose(s);
}

export function negateState(y: State): State {
  return y.map((x) => tf.neg(x));
}

/**
 * A float that is 0 when every element of every tensor is finite and NaN otherwise (x·0 is NaN
 * exactly for ±Inf and NaN). Float ops only: reductions over bool tensors (tf.all of
 * tf.isFinite) misreport on Chrome's WebGPU backend.
 */
export function nonFiniteProbe(xs: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => sumInChunks(xs.map((x) => tf.sum(tf.mul(x, 0))))) as tf.Scalar;
}
