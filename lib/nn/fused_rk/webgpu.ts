/**
 * The fused RK kernels on tfjs's webgpu backend: WebGPU programs (the shape tfjs-backend-webgpu's
 * `runWebGPUProgram` takes) registered as ordinary tfjs kernels, so that the engine sees, counts
 * and frees them like any other kernel. Nothing here imports the webgpu package: the backend
 * object arrives with each call.
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "../fused_mlp.ts";
import type { MethodName } from "../../ode/tableaux.ts";
import type { FusedRkSpec } from "./plan.ts";
import { backwardSource, forwardSource, workgroupThreads } from "./wgsl.ts";

export const FORWARD_KERNEL = "FusedRkMlp";
export const BACKWARD_KERNEL = "FusedRkMlpGrad";

/** The part of tfjs-backend-webgpu's backend that runs a program. */
interface WebGpuBackendLike {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: "float32"): tf.TensorInfo;
}

/** A kernel's attributes: the spec, plus the number of output times. */
export interface FusedRkAttrs {
  widths: number[];
  activation: string;
  method: string;
  steps: number;
  outputs: number;
}

export function specOf(attrs: FusedRkAttrs): FusedRkSpec {
  return {
    widths: attrs.widths,
    activation: attrs.activation as Activation,
    method: attrs.method as MethodName,
    steps: attrs.steps,
  };
}

/** The shader key: every spec field the generated source depends on. */
export function shaderKey(kind: string, spec: FusedRkSpec): string {
  return `${kind}_${spec.widths.join("x")}_${spec.activation}_${spec.method}_${spec.steps}`;
}

/** A one-workgroup-per-trajectory program over the given inputs. */
function program(
  kind: "forward" | "backward",
  spec: FusedRkSpec,
  batch: number,
  outputShape: number[],
) {
  const source = kind === "forward" ? forwardSource(spec) : backwardSource(spec);
  return {
    variableNames: kind === "forward"
      ? ["initial", "weights", "schedule"]
      : ["initial", "weights", "schedule", "cotangent"],
    outputShape,
    shaderKey: shaderKey(`fusedRk_${kind}`, spec),
    dispatchLayout: { x: [0] },
    dispatch: [batch, 1, 1],
    workgroupSize: [workgroupThreads(spec.widths), 1, 1] as [number, number, number],
    size: false,
    getUserCode: () => source,
  };
}

/** Registers both kernels for webgpu (once; later calls do nothing). */
export function registerWebGpuKernels(): void {
  if (tf.getKernel(FORWARD_KERNEL, "webgpu")) return;
  tf.registerKernel({
    kernelName: FORWARD_KERNEL,
    backendName: "webgpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a = attrs as unknown as FusedRkAttrs;
      const { initial, weights, schedule } = inputs as Record<string, tf.TensorInfo>;
      const [batch, dim] = initial.shape;
      const p = program("forward", specOf(a), batch, [a.outputs, batch, dim]);
      return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(
        p,
        [initial, weights, schedule],
        "float32",
      );
    },
  });
  tf.registerKernel({
    kernelName: BACKWARD_KERNEL,
    backendName: "webgpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a = attrs as unknown as FusedRkAttrs;
      const { initial, weights, schedule, cotangent } = inputs as Record<string, tf.TensorInfo>;
      const [batch, dim] = initial.shape;
      const p = program("backward", specOf(a), batch, [batch, weights.shape[0] + dim]);
      return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(
        p,
        [initial, weights, schedule, cotangent],
        "float32",
      );
    },
  });
}
