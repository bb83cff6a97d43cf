// deno-lint-ignore-file no-unused-vars
// Exercise 11.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/odenet.ts; `deno task kit:reset 11.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { type GradientOptions, solve, type VectorField } from "../../lib/ode/solve.ts";
import { emptyStats, type SolveStats } from "../../lib/ode/stats.ts";
import type { OdeBlockResult } from "../../lib/models/odenet_types.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * field: the vector field (t, h) → dh/dt; h0: the block's input, any shape; endTime > 0: how long
 * to integrate; options: the solver's options (method, rtol, atol, …) and the gradient choice
 * (options.gradient: "backprop" through the solver's steps, or "adjoint" with options.params, the
 * field's weights). Returns an OdeBlockResult: h1 = h(endTime), shaped like h0; stats, the solve's
 * statistics (evaluations, steps); and backwardStats, the adjoint's backward solve (set only by the
 * adjoint).
 *
 * Every option must reach the solver unchanged (the tests pass non-default ones). Gradients flow
 * from h1 to h0 and to the field's weights either way. h0 stays the caller's; only h1 is left.
 *
 * Derived in the lecture: /lectures/06-odenet/#the-ode-block
 */
export function odeBlock(
  field: VectorField,
  h0: tf.Tensor,
  endTime: number,
  options: GradientOptions,
): OdeBlockResult {
  // TODO(11.2): Write this function's body, then check it with `deno task grade 11.2`. Stuck?
  // `deno task hint 11.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("11.2");
}
