/**
 * Gradients by the continuous adjoint (Chen et al. 2018, as torchdiffeq's odeint_adjoint).
 *
 * Forward: solve without recording anything for autodiff. Backward: for each interval
 * [t_{i−1}, t_i], from the end, integrate the augmented system backward in time
 *   dy/dt = f(t, y),   da/dt = −aᵀ·∂f/∂y,   dg/dt = −aᵀ·∂f/∂θ
 * from (y(t_i), a = ∂L/∂y(t_i), g) to t_{i−1}; restart y from the forward solution there and add
 * the loss gradient at that output to a. At t_0, a = ∂L/∂y0 and g = ∂L/∂θ. Memory holds one
 * step's tensors at a time, whatever the number of steps.
 */
import * as tf from "@tensorflow/tfjs";
import { freeAbortedTape } from "./aborted_tape.ts";
import { NonFiniteStateError, OdeArgumentError } from "./errors.ts";
import {
  resolveOptions,
  type SolveOptions,
  validateInitialState,
  validateParams,
  validateTimes,
} from "./options.ts";
import { checkedField, integrate, validateField } from "./integrate.ts";
import type { VectorField } from "./solve.ts";
import type { State, StateField } from "./state.ts";
import { emptyStats, type SolveStats } from "./stats.ts";
import { vectorJacobianProduct } from "./adjoint_parts.ts";
import type { IntervalSolver } from "./adjoint_parts.ts";
export type { IntervalSolver } from "./adjoint_parts.ts";
export { vectorJacobianProduct } from "./adjoint_parts.ts";

export interface AdjointOptions extends SolveOptions {
  /** Options of the backward solve; default: the forward options. */
  adjoint?: SolveOptions;
}

export interface AdjointSolution {
  ys: tf.Tensor;
  /** Cost of the forward solve. */
  stats: SolveStats;
  /** Cost of the backward solve; filled in when the gradient is computed. */
  backwardStats: SolveStats;
}

// EXERCISE 5.1 begin
/**
 * The adjoint's augmented dynamics on the state tuple [y, a, g_1, …, g_P], in forward-time form
 * (the backward solve integrates it from a later time to an earlier one):
 *   dy/dt = f(t, y),   da/dt = −aᵀ·∂f/∂y,   dg_p/dt = −aᵀ·∂f/∂θ_p   (θ_p = params[p]).
 * `vectorJacobianProduct(f, t, y, a, params)` gives f(t, y) and [aᵀ∂f/∂y, aᵀ∂f/∂θ_1, …] in one
 * backward pass. Returns the new tensors [dy/dt, da/dt, dg_1/dt, …].
 */
export function augmentedDynamics(
  f: VectorField,
  params: tf.Tensor[],
): (t: number, state: State) => State {
  // SOLUTION begin
  return (t, [y, a]) =>
    tf.tidy(() => {
      const { fy, grads } = vectorJacobianProduct(f, t, y, a, params);
      return [fy, ...grads.map((g) => tf.neg(g))];
    });
  // SOLUTION end
}
// EXERCISE 5.1 end

// EXERCISE 5.2 begin
/**
 * The adjoint's backward pass over the output times ts[0] … ts[N−1]: start at the last time with
 * y = y(t_{N−1}), a = ∂L/∂y(t_{N−1}) and g = 0 for every parameter; for each interval from the
 * end, integrate [y, a, g] back to the previous output time with `solveBack`, then restart y from
 * the forward solution there (`states[i−1]`: re-integrating y backward would drift) and add the
 * loss gradient of that output to a. Returns [∂L/∂y0, ∂L/∂θ_1, …]. `states` and `outputs`
 * (∂L/∂y at each time) stay the caller's; every other tensor made here is freed or returned.
 */
export function adjointBackward(
  ts: readonly number[],
  states: readonly tf.Tensor[],
  outputs: readonly tf.Tensor[],
  params: readonly tf.Tensor[],
  solveBack: IntervalSolver,
): tf.Tensor[] {
  // SOLUTION begin
  const last = ts.length - 1;
  let state: State = [
    states[last].clone(),
    outputs[last].clone(),
    ...params.map((p) => tf.zerosLike(p)),
  ];
  for (let i = last; i > 0; i--) {
    const end = solveBack(state, ts[i], ts[i - 1]);
    tf.dispose(state);
    const [yEnd, aEnd, ...gEnd] = end;
    state = [states[i - 1].clone(), tf.add(aEnd, outputs[i - 1]), ...gEnd];
    tf.dispose([yEnd, aEnd]);
  }
  const [yFirst, ...gradients] = state;
  yFirst.dispose();
  return gradients;
  // SOLUTION end
}
// EXERCISE 5.2 end

/** Like `solve`, but its gradient (w.r.t. y0 and `params`) comes from the adjoint method. */
export function solveAdjoint(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  params: tf.Tensor[],
  options: AdjointOptions = {},
): AdjointSolution {
  validateField(f);
  validateInitialState(y0);
  const ts = validateTimes(t);
  validateParams(params);
  if (new Set([y0, ...params]).size !== params.length + 1) {
    throw new OdeArgumentError(
      "params",
      "lists a tensor twice (or y0 itself), which would count its gradient twice",
      "pass each weight tensor once; y0 gets its gradient without being listed",
    );
  }
  const forwardOptions = resolveOptions(options);
  const backwardOptions = resolveOptions(options.adjoint ?? options);
  const stats = emptyStats();
  const backwardStats = emptyStats();
  const field = checkedField(f, [y0.shape], stats, false);
  const shapes = [y0.shape, y0.shape, ...params.map((p) => p.shape)];

  const run = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const y0In = args[0] as tf.Tensor;
    const states = integrate(field, [y0In], ts, forwardOptions, stats);
    const ys = tf.stack(states.map((s) => s[0]));
    states.forEach((s) => tf.dispose(s));
    save([ys]);
    return {
      value: ys,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        backward(dy as tf.Tensor, saved[0]),
    };
  });

  const augmented: StateField = checkedField(
    augmentedDynamics(f, params),
    shapes,
    backwardStats,
    true,
  );
  const solveBack: IntervalSolver = (state, from, to) => {
    try {
      const [start, end] = integrate(augmented, state, [from, to], backwardOptions, backwardStats);
      tf.dispose(start);
      return end;
    } catch (error) {
      if (!(error instanceof NonFiniteStateError)) throw error;
      // The forward solve was finite: what turned non-finite is the adjoint state, so say so.
      throw new NonFiniteStateError(
        error.t,
        `the adjoint's backward pass (the state [y, a, ∂L/∂θ] integrated back from t=${from} ` +
          `to t=${to})`,
        "the forward solve was finite, so check the vector field's gradients (a NaN or Inf in " +
          "∂f/∂y or ∂f/∂θ) and the loss's gradient; tighten options.adjoint's rtol/atol or step",
      );
    }
  };

  function backward(dy: tf.Tensor, ys: tf.Tensor): tf.Tensor[] {
    const outputs = tf.unstack(dy);
    const states = tf.unstack(ys);
    try {
      // In its own scope: when the backward solve fails (f throws, or NaN), the adjoint state it
      // was carrying is freed too; on success only the gradients survive.
      return tf.tidy(() => adjointBackward(ts, states, outputs, params, solveBack));
    } catch (error) {
      freeAbortedTape();
      throw error;
    } finally {
      tf.dispose([...outputs, ...states]);
    }
  }

  const ys = run(y0, ...params);
  return { ys, stats, backwardStats };
}

/**
 * ys only, shape [T, ...y0.shape]; gradients flow to y0 and to every tensor in `params`. The
 * same as `odeint(f, y0, t, { ...options, gradient: "adjoint", params })` (solve.ts), kept as
 * the lectures' and the exercises' name for it.
 */
export function odeintAdjoint(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  params: tf.Tensor[],
  options: AdjointOptions = {},
): tf.Tensor {
  return solveAdjoint(f, y0, t, params, options).ys;
}
