// deno-lint-ignore-file no-unused-vars
// Exercise 11.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/odenet.ts; `deno task kit:reset 11.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { type GradientOptions, solve, type VectorField } from "../../lib/ode/solve.ts";
import { emptyStats, type SolveStats } from "../../lib/ode/stats.ts";
import type { OdeBlockResult } from "../../lib/models/odenet_types.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * An ODE block: the continuous-depth replacement of a stack of residual blocks,
 *   h(endTime) = h0 + ∫₀^endTime field(t, h(t)) dt,
 * solved with `options` from 0 to endTime. Gradients flow back through the solver's steps, or,
 * with `options.gradient: "adjoint"` and `options.params` (the field's weights), come from the
 * adjoint method. Returns h(endTime) with the solve's statistics.
 */
export function odeBlock(
  field: VectorField,
  h0: tf.Tensor,
  endTime: number,
  options: GradientOptions,
): OdeBlockResult {
  // TODO(11.2): Solve on the times [0, endTime] with solve(field, h0, t, options): it returns ys
  // and stats, and options.gradient already picks backprop or the adjoint.
  // Lecture: /lectures/06-odenet/#the-ode-block
  // More hints: deno task grade hint 11.2
  throw new TodoError("11.2");
}
