// deno-lint-ignore-file no-unused-vars
// Exercise 5.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/adjoint.ts; `deno task kit:reset 5.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { State } from "../../lib/ode/state.ts";
import type { IntervalSolver } from "../../lib/ode/adjoint_parts.ts";
import { TodoError } from "../_kit/todo.ts";

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
  // TODO(5.2): Start at the last time with [y(t_N), a = ∂L/∂y(t_N), zeros for each parameter]. For
  // i = N … 1 integrate back to t_{i−1} with solveBack(state, ts[i], ts[i−1]).
  // Lecture: /lectures/02-neural-odes/#gradients-through-the-solver-or-by-the-adjoint
  // More hints: deno task grade hint 5.2
  throw new TodoError("5.2");
}
