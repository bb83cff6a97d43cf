// deno-lint-ignore-file no-unused-vars
// Exercise 5.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/adjoint.ts; `deno task kit:reset 5.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import type { State } from "../../lib/ode/state.ts";
import { vectorJacobianProduct } from "../../lib/ode/adjoint_parts.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * f: the vector field (t, y) → dy/dt; params: the tensors θ_1 … θ_P that f reads (its weights).
 * Returns the vector field of the adjoint's augmented state [y, a, g_1, …, g_P] (a shaped like y,
 * g_p like θ_p) in forward-time form: a function (t, state) → [dy/dt, da/dt, dg_1/dt, …], new
 * tensors of the same shapes, which the backward solve integrates from a later time to an earlier
 * one.
 *
 * vectorJacobianProduct (imported) does the one backward pass a call needs. The state's tensors
 * stay the caller's; each call leaves only the tensors it returns.
 *
 * Derived in the lecture: /lectures/02-neural-odes/#gradients-through-the-solver-or-by-the-adjoint
 */
export function augmentedDynamics(
  f: VectorField,
  params: tf.Tensor[],
): (t: number, state: State) => State {
  // TODO(5.1): Write this function's body, then check it with `deno task grade 5.1`. Stuck?
  // `deno task hint 5.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("5.1");
}
