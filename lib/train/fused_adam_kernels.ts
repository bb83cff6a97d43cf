/**
 * The kernel behind FusedAdam (fused_adam.ts) on the GPU backends: one elementwise program
 * that writes one of Adam's three new tensors (part 0: the first moment, 1: the second, 2: the
 * variable's value) from the value, the gradient and both moments — three dispatches per
 * variable where tfjs's Adam makes fourteen. Registered as an ordinary tfjs kernel, so the
 * engine counts and frees it like any other; each backend object arrives with its call.
 */
import * as tf from "@tensorflow/tfjs";

export const FUSED_ADAM_KERNEL = "FusedAdamUpdate";
export const FUSED_ADAM_BACKENDS: readonly string[] = ["webgl", "webgpu"];

/**
 * The kernel's attributes, each the float32 value tfjs's Adam would use: 1 − β as JavaScript
 * computes it, and the corrections 1 − β^t as tfjs accumulates β^t, in float32.
 */
export interface FusedAdamAttrs {
  part: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  epsilon: number;
  correction1: number;
  correction2: number;
}

/** Uniform names, in the order their values are passed. */
const UNIFORMS = [
  "learningRate",
  "beta1",
  "beta2",
  "oneMinusBeta1",
  "oneMinusBeta2",
  "epsilon",
  "correction1",
  "correction2",
] as const;

/** Inputs, in program order: the variable's value, its gradient, the two moments. */
const INPUTS = ["current", "gradient", "moment1", "moment2"];

/**
 * The new m, v or value from w, g, m, v: tfjs's AdamOptimizer's formula with its operations in
 * its order, so that float32 rounds alike (Adam turns a tiny difference in a near-zero gradient
 * entry into a full step).
 */
function update(part: number): string {
  const m = "(m * beta1 + g * oneMinusBeta1)";
  const v = "(v * beta2 + (g * g) * oneMinusBeta2)";
  if (part === 0) return m;
  if (part === 1) return v;
  return `((${m} / correction1) / (sqrt(${v} / correction2) + epsilon)) * -learningRate + w`;
}

function glslSource(part: number): string {
  return `
void main() {
  float w = getCurrentAtOutCoords();
  float g = getGradientAtOutCoords();
  float m = getMoment1AtOutCoords();
  float v = getMoment2AtOutCoords();
  setOutput(${update(part)});
}
`;
}

function wgslSource(part: number): string {
  const uniforms = UNIFORMS.map((u) => `    let ${u} = uniforms.${u};`).join("\n");
  return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let w = current[index];
    let g = gradient[index];
    let m = moment1[index];
    let v = moment2[index];
${uniforms}
    result[index] = ${update(part)};
  }
}
`;
}

interface WebGlBackendLike {
  runWebGLProgram(
    program: object,
    inputs: tf.TensorInfo[],
    dtype: "float32",
    uniforms: number[][],
  ): tf.TensorInfo;
}

interface WebGpuBackendLike {
  runWebGPUProgram(
    program: object,
    inputs: tf.TensorInfo[],
    dtype: "float32",
    uniforms: { type: "float32"; data: number[] }[],
  ): tf.TensorInfo;
}

const WORKGROUP = 64;

/** Registers the kernel for webgl and webgpu (once; later calls do nothing). */
export function registerFusedAdamKernels(): void {
  if (tf.getKernel(FUSED_ADAM_KERNEL, "webgl")) return;
  const ordered = (inputs: tf.NamedTensorInfoMap) =>
    INPUTS.map((name) => (inputs as Record<string, tf.TensorInfo>)[name]);
  const values = (a: FusedAdamAttrs) => UNIFORMS.map((u) => a[u]);
  tf.registerKernel({
    kernelName: FUSED_ADAM_KERNEL,
    backendName: "webgl",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a = attrs as unknown as FusedAdamAttrs;
      const [current] = ordered(inputs);
      const program = {
        variableNames: INPUTS,
        outputShape: current.shape,
        userCode: glslSource(a.part),
        customUniforms: UNIFORMS.map((name) => ({ name, type: "float" })),
      };
      return (backend as unknown as WebGlBackendLike).runWebGLProgram(
        program,
        ordered(inputs),
        "float32",
        values(a).map((x) => [x]),
      );
    },
  });
  tf.registerKernel({
    kernelName: FUSED_ADAM_KERNEL,
    backendName: "webgpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a = attrs as unknown as FusedAdamAttrs;
      const [current] = ordered(inputs);
      const size = tf.util.sizeFromShape(current.shape);
      const program = {
        variableNames: INPUTS,
        outputShape: current.shape,
        shaderKey: `fusedAdam_${a.part}`,
        dispatchLayout: { x: current.shape.map((_, i) => i) },
        dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
        workgroupSize: [WORKGROUP, 1, 1],
        size: true,
        uniforms: UNIFORMS.map((u) => `${u} : f32,`).join(" "),
        getUserCode: () => wgslSource(a.part),
      };
      return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(
        program,
        ordered(inputs),
        "float32",
        values(a).map((x) => ({ type: "float32", data: [x] })),
      );
    },
  });
}
