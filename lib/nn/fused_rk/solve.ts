/**
 * A whole fixed-step Runge–Kutta solve of an MLP field, dy/dt = MLP(y), as ONE differentiable
 * op for GPU backends, where a small model's training step is bound by kernel dispatches, not
 * arithmetic: op by op, lecture 2's rk4 window costs ~580 kernels per training step. Fused on
 * webgpu, the solve is one kernel forward and one backward (plus a batch sum and the slices
 * that split the gradient into the parameters' shapes); on webgl, a program per step each way
 * and a few per layer (webgl.ts), on a hardware renderer only (software_webgl.ts).
 *
 * Same numbers as `odeint` with the same options (up to float rounding): the forward is the
 * same tableau on the same grid, the backward the exact gradient of those steps. Where the
 * fused kernels do not apply (see plan.ts, or a backend without them) `fusedMlpOdeint` returns
 * undefined and the caller keeps the op-by-op solver.
 */
import * as tf from "@tensorflow/tfjs";
import type { GradientOptions } from "../../ode/solve.ts";
import { insideNestedGradient } from "../fused_mlp.ts";
import type { MLP } from "../mlp.ts";
import { type FusedRkPlan, type FusedRkRequest, planFusedRk } from "./plan.ts";
import { fusedRkOpWebGl, registerWebGlKernels } from "./webgl.ts";
import { fuseOnThisWebGl } from "./software_webgl.ts";
import {
  BACKWARD_KERNEL,
  FORWARD_KERNEL,
  type FusedRkAttrs,
  registerWebGpuKernels,
} from "./webgpu.ts";

/**
 * Backends that have the fused kernels: webgpu (one kernel each way, wgsl.ts) and webgl (a
 * program per step each way plus a few per layer: fragment shaders have no shared memory,
 * see glsl.ts; not on a software renderer, see software_webgl.ts).
 */
export const FUSED_RK_BACKENDS: readonly string[] = ["webgpu", "webgl"];

/** Registers the kernels of every backend that has them (idempotent). */
export function registerFusedRkKernels(): void {
  registerWebGpuKernels();
  registerWebGlKernels();
}

/** Why `fusedMlpOdeint` would not fuse this solve, or undefined when it would. */
export function fusedRkRefusal(
  mlp: MLP,
  y0: tf.Tensor,
  t: readonly number[],
  options: GradientOptions,
): string | undefined {
  if (!FUSED_RK_BACKENDS.includes(tf.getBackend())) return `backend ${tf.getBackend()}`;
  if (!fuseOnThisWebGl()) return "a software WebGL renderer (op by op is faster there)";
  if (insideNestedGradient()) return "a gradient inside a gradient (the kernels are first-order)";
  if (y0.rank !== 2 || y0.dtype !== "float32") return "y0 is not a float32 [B, D] batch";
  const plan = planFusedRk(requestOf(mlp, t, options));
  return plan.ok ? undefined : plan.reason;
}

/**
 * `odeint(y => mlp.apply(y), y0, t, options)` as one fused op on backends that have it;
 * undefined where it does not apply (the caller then runs `odeint` itself).
 */
export function fusedMlpOdeint(
  mlp: MLP,
  y0: tf.Tensor,
  t: readonly number[],
  options: GradientOptions,
): tf.Tensor | undefined {
  if (fusedRkRefusal(mlp, y0, t, options) !== undefined) return undefined;
  const result = planFusedRk(requestOf(mlp, t, options));
  if (!result.ok) return undefined;
  registerFusedRkKernels();
  const op = tf.getBackend() === "webgl" ? fusedRkOpWebGl : fusedRkOp;
  return op(result.plan)(y0, ...mlp.parameters());
}

function requestOf(mlp: MLP, t: readonly number[], options: GradientOptions): FusedRkRequest {
  const backend = tf.getBackend();
  return { backend, widths: mlp.sizes, activation: mlp.activation, t, options };
}

function attrsOf(plan: FusedRkPlan): FusedRkAttrs {
  return { ...plan.spec, outputs: plan.outputs };
}

/** The customGrad op of one plan on webgpu. Inputs: y0 [B, D], then W_1, b_1, …, W_L, b_L. */
export function fusedRkOp(plan: FusedRkPlan) {
  const attrs = attrsOf(plan) as unknown as tf.NamedAttrMap;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [y0, ...params] = args.slice(0, -1) as tf.Tensor[];
    // One buffer for all weights: WebGPU guarantees only 8 storage buffers per kernel.
    const weights = tf.concat(params.map((p) => tf.reshape(p, [-1])));
    const schedule = tf.tensor2d(plan.dts.map((dt, n) => [dt, plan.slots[n]]));
    const ys = tf.engine().runKernel(
      FORWARD_KERNEL,
      { initial: y0, weights, schedule },
      attrs,
    ) as tf.Tensor;
    save([y0, weights, schedule]);
    return {
      value: ys,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [initial, packed, steps] = saved;
        const [batch, dim] = initial.shape;
        const size = packed.shape[0];
        const rows = tf.engine().runKernel(
          BACKWARD_KERNEL,
          { initial, weights: packed, schedule: steps, cotangent: dy as tf.Tensor },
          attrs,
        ) as tf.Tensor2D;
        // Summing whole rows (dL/dy0's columns too, unused) saves slicing them off first.
        const summed = tf.sum(rows, 0);
        const dy0 = tf.slice(rows, [0, size], [batch, dim]);
        let offset = 0;
        const grads = params.map((p) => {
          const g = tf.reshape(tf.slice(summed, [offset], [p.size]), p.shape);
          offset += p.size;
          return g;
        });
        return [dy0, ...grads];
      },
    };
  });
}
