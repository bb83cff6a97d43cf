// deno-lint-ignore-file no-unused-vars
// Exercise 5.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/adjoint.ts; `deno task kit:reset 5.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { State } from "../../lib/ode/state.ts";
import type { IntervalSolver } from "../../lib/ode/adjoint_parts.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * ts: the output times t_0 … t_N of a forward solve (N ≥ 1); states[i]: the forward solution
 * y(t_i); outputs[i]: the loss's gradient ∂L/∂y(t_i), shaped like y; params: the field's parameters
 * θ_1 … θ_P; solveBack(state, from, to): integrates an augmented state [y, a, g_1, …, g_P] (task
 * 5.1's dynamics) from time `from` back to `to` and returns a new state. Returns [∂L/∂y0, ∂L/∂θ_1,
 * …, ∂L/∂θ_P], new tensors.
 *
 * Calls solveBack once per output interval, from the last interval to the first (the tests record
 * each call and the state it starts from). states, outputs and params stay the caller's: never
 * dispose them, nor hand them to solveBack inside a state you will free. Every other tensor made
 * here is freed or returned.
 *
 * Derived in the lecture: /lectures/02-neural-odes/#gradients-through-the-solver-or-by-the-adjoint
 */
export function adjointBackward(
  ts: readonly number[],
  states: readonly tf.Tensor[],
  outputs: readonly tf.Tensor[],
  params: readonly tf.Tensor[],
  solveBack: IntervalSolver,
): tf.Tensor[] {
  // TODO(5.2): Write this function's body, then check it with `deno task grade 5.2`. Stuck?
  // `deno task hint 5.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("5.2");
}
