// deno-lint-ignore-file no-unused-vars
// Exercise 5.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/adjoint.ts; `deno task kit:reset 5.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import type { State } from "../../lib/ode/state.ts";
import { vectorJacobianProduct } from "../../lib/ode/adjoint_parts.ts";
import { TodoError } from "../_kit/todo.ts";

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
  // TODO(5.1): Return a function (t, [y, a]) => state. One call vectorJacobianProduct(f, t, y, a,
  // params) gives f(t, y) and the products [aᵀ∂f/∂y, aᵀ∂f/∂θ_1, …].
  // Lecture: /lectures/02-neural-odes/#gradients-through-the-solver-or-by-the-adjoint
  // More hints: deno task grade hint 5.1
  throw new TodoError("5.1");
}
