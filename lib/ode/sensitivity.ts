/**
 * Forward sensitivity analysis: the derivatives of the solution with respect to parameters,
 * integrated forward in time alongside the solution itself.
 *
 * For dx/dt = f(t, x; θ) the sensitivity S(t) = ∂x(t)/∂θ obeys the linear ODE
 *   dS/dt = ∂f/∂x · S + ∂f/∂θ,   S(t_0) = ∂x_0/∂θ   (zero when x_0 does not depend on θ),
 * so one solve of the augmented state [x, S_1, …, S_P] (S_p = ∂x/∂θ_p, shape [...x, ...θ_p])
 * gives x and every S at the output times, and the gradient of any loss of the outputs is
 *   dL/dθ = Σ_n ∂L/∂x(t_n) · S(t_n)   (`sensitivityGradients`).
 * The augmented state has d·(1 + P) numbers (d = x.size, P = Σ θ_p.size): the cost grows with
 * the number of parameters, and is paid once for as many losses as one likes — the opposite
 * trade to the adjoint (adjoint.ts), whose backward state has 2d + P numbers for one loss.
 *
 * tfjs has reverse-mode autodiff only, so ∂f/∂x and ∂f/∂θ are built row by row: d
 * vector–Jacobian products with the unit vectors e_i, each one backward pass through f. That
 * suits small states (a 2-D field, a few trajectories); a forward-mode library would instead
 * push P directional derivatives through f.
 *
 * For an explicit Runge–Kutta method on a fixed grid the result is exactly the derivative of the
 * numerical solution (the method applied to [x, S] is the derivative of the method applied to x),
 * as backprop through `odeint` computes it. With an adaptive method the controller measures the
 * error of x and S together, so its steps may differ a little from those of `solve` on x alone.
 */
import * as tf from "@tensorflow/tfjs";
import { vectorJacobianProduct } from "./adjoint.ts";
import { OdeArgumentError } from "./errors.ts";
import {
  resolveOptions,
  type SolveOptions,
  validateInitialState,
  validateParams,
  validateTimes,
} from "./options.ts";
import { checkedField, integrate, validateField } from "./integrate.ts";
import type { VectorField } from "./solve.ts";
import type { State } from "./state.ts";
import { emptyStats, type SolveStats } from "./stats.ts";

export interface SensitivityOptions extends SolveOptions {
  /**
   * ∂x_0/∂θ_p for each parameter, shape [...y0.shape, ...params[p].shape]; default: zeros (y0
   * does not depend on the parameters). To differentiate with respect to y0 itself, pass a
   * tensor that f does not use as a parameter and the identity, reshaped, as its initial value.
   */
  initial?: tf.Tensor[];
}

export interface SensitivitySolution {
  /** The states at the requested times: shape [T, ...y0.shape]. */
  ys: tf.Tensor;
  /** ∂x(t_n)/∂θ_p for each parameter p: shape [T, ...y0.shape, ...params[p].shape]. */
  sensitivities: tf.Tensor[];
  /**
   * Cost of the augmented solve; each evaluation counted in nfe is y0.size backward passes
   * through f (one Jacobian row each).
   */
  stats: SolveStats;
}

/**
 * The sensitivity equations' right-hand side on the state [x, S_1, …, S_P]:
 *   dx/dt = f(t, x),   dS_p/dt = ∂f/∂x · S_p + ∂f/∂θ_p.
 * Returns new tensors; the state stays the caller's.
 */
export function sensitivityDynamics(
  f: VectorField,
  params: readonly tf.Tensor[],
): (t: number, state: State) => State {
  return (t, [x, ...S]) =>
    tf.tidy(() => {
      const d = x.size;
      let fx: tf.Tensor | undefined;
      const rowsX: tf.Tensor[] = [];
      const rowsTheta: tf.Tensor[][] = params.map(() => []);
      for (let i = 0; i < d; i++) {
        // Row i of the Jacobians: e_iᵀ·∂f/∂x and e_iᵀ·∂f/∂θ_p, from one backward pass.
        // Built from an array, not tf.oneHot: wasm's OneHot gave zeros in float32 here.
        const basis = new Float32Array(d);
        basis[i] = 1;
        const ei = tf.tensor(basis, x.shape, "float32");
        const { fy, grads } = vectorJacobianProduct(f, t, x, ei, [...params]);
        fx ??= fy;
        rowsX.push(grads[0].reshape([d]));
        grads.slice(1).forEach((g, p) => rowsTheta[p].push(g.reshape([-1])));
      }
      const jx = tf.stack(rowsX); // [d, d]
      const dS = S.map((s, p) => {
        const jTheta = tf.stack(rowsTheta[p]); // [d, θ_p.size]
        const flat = tf.add(tf.matMul(jx, s.reshape([d, -1])), jTheta);
        return flat.reshape(s.shape);
      });
      return [fx!, ...dS];
    });
}

/**
 * Solves dx/dt = f(t, x), x(t[0]) = y0, together with the sensitivities ∂x(t)/∂θ_p of the
 * solution to each tensor in `params` (the tensors f closes over). The result is plain data, not
 * differentiable by tfjs: use `sensitivityGradients` to turn it into a loss gradient.
 */
export function solveSensitivity(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  params: tf.Tensor[],
  options: SensitivityOptions = {},
): SensitivitySolution {
  validateField(f);
  validateInitialState(y0);
  const ts = validateTimes(t);
  validateParams(params);
  const { initial, ...solveOptions } = options;
  const shapes = [y0.shape, ...params.map((p) => [...y0.shape, ...p.shape])];
  if (initial !== undefined) {
    if (!Array.isArray(initial) || initial.length !== params.length) {
      throw new OdeArgumentError(
        "initial",
        `must hold one tensor per parameter (${params.length})`,
        "pass ∂y0/∂θ_p for every p, in the order of params, or leave it out for zeros",
      );
    }
    initial.forEach((s, p) => {
      if (!sameShape(s.shape, shapes[p + 1])) {
        throw new OdeArgumentError(
          `initial[${p}]`,
          `has shape [${s.shape}], but ∂y0/∂θ_${p} has shape [${shapes[p + 1]}]`,
          "give it the shape [...y0.shape, ...params[p].shape]",
        );
      }
    });
  }
  const o = resolveOptions(solveOptions);
  const stats = emptyStats();
  const field = checkedField(sensitivityDynamics(f, params), shapes, stats, true);
  const start: State = [
    y0.clone(),
    ...shapes.slice(1).map((shape, p) => initial ? initial[p].clone() : tf.zeros(shape)),
  ];
  let states: State[] = [];
  try {
    states = integrate(field, start, ts, o, stats);
    return {
      ys: tf.stack(states.map((s) => s[0])),
      sensitivities: params.map((_, p) => tf.stack(states.map((s) => s[p + 1]))),
      stats,
    };
  } finally {
    tf.dispose(start);
    states.forEach((s) => tf.dispose(s));
  }
}

/**
 * dL/dθ_p = Σ_n Σ_i ∂L/∂x_i(t_n) · ∂x_i(t_n)/∂θ_p for each parameter, from `dLdys` (∂L/∂ys, shape
 * [T, ...y0.shape]) and the `sensitivities` of `solveSensitivity`. Returns one tensor per
 * parameter, shaped like it.
 */
export function sensitivityGradients(
  dLdys: tf.Tensor,
  sensitivities: readonly tf.Tensor[],
): tf.Tensor[] {
  return sensitivities.map((s) =>
    tf.tidy(() => {
      const outer = dLdys.shape;
      if (!sameShape(s.shape.slice(0, outer.length), outer)) {
        throw new OdeArgumentError(
          "sensitivities",
          `start with shape [${s.shape.slice(0, outer.length)}], not dLdys's [${outer}]`,
          "pass ∂L/∂ys for the ys of the same solveSensitivity call",
        );
      }
      const paramShape = s.shape.slice(outer.length);
      const flat = tf.matMul(dLdys.reshape([1, -1]), s.reshape([dLdys.size, -1]));
      return flat.reshape(paramShape);
    })
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
