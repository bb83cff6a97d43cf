/**
 * The fused RK solve on tfjs's webgl backend: the GLSL programs of glsl.ts registered as tfjs
 * kernels (so that the engine counts and frees them like any other), and the differentiable
 * op built from them.
 *
 * Kernels per solve of S steps with an L-layer field: forward S step programs, a stack and the
 * outputs; backward S step-VJP programs, a stack, a slice for dL/dy0, two stage-row programs,
 * 2(L − 1) hidden-layer row programs and per layer a matrix product (dW) and a column sum (db).
 * Lecture 2 (S = 9, L = 3): 11 forward and 23 backward, where op by op the solve dispatches ~580.
 * Nothing here imports the webgl package: the backend object arrives with each call.
 */
import * as tf from "@tensorflow/tfjs";
import { TABLEAUX } from "../../ode/tableaux.ts";
import type { Activation } from "../fused_mlp.ts";
import type { FusedRkPlan } from "./plan.ts";
import { type FusedRkAttrs, shaderKey, specOf } from "./webgpu.ts";
import {
  columnSumSource,
  denseRowsSource,
  parameterNames,
  pullbackRowsSource,
  rowColumns,
  stageRowsSource,
  stepSource,
  stepVjpSource,
  trajectorySource,
} from "./glsl.ts";

export const STEP_KERNEL = "FusedRkStepGL";
export const STEP_VJP_KERNEL = "FusedRkStepVjpGL";
export const TRAJECTORY_KERNEL = "FusedRkTrajectoryGL";
export const STAGE_ROWS_KERNEL = "FusedRkStageRowsGL";
export const DENSE_ROWS_KERNEL = "FusedRkDenseRowsGL";
export const PULLBACK_ROWS_KERNEL = "FusedRkPullbackRowsGL";
export const COLUMN_SUM_KERNEL = "FusedRkColumnSumGL";

/** The program shape tfjs-backend-webgl's `runWebGLProgram` takes. */
interface GlProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms?: { name: string; type: "float" | "int" }[];
}

/** The part of tfjs-backend-webgl's backend that runs a program. */
interface WebGlBackendLike {
  runWebGLProgram(
    program: GlProgram,
    inputs: tf.TensorInfo[],
    dtype: "float32",
    customUniformValues?: number[][],
  ): tf.TensorInfo;
}

/** Attributes of a step: the spec and its dt. */
interface StepAttrs extends FusedRkAttrs {
  dt: number;
}

/** Attributes of a step's gradient: also the output slots around the step. */
interface StepVjpAttrs extends StepAttrs {
  first: number;
  slotNext: number;
  slotHere: number;
}

/** A kernel's inputs by name (every kernel here gets all it names). */
type Inputs = Record<string, tf.TensorInfo>;

/** Generated sources, once per key (tfjs caches the compiled programs by source). */
const sources = new Map<string, string>();
function source(key: string, make: () => string): string {
  let text = sources.get(key);
  if (text === undefined) {
    text = make();
    sources.set(key, text);
  }
  return text;
}

/**
 * Registers a webgl kernel that runs one generated program: `build` names its inputs (in
 * order), its output shape, source and uniform values.
 */
function registerProgram(
  kernelName: string,
  build: (inputs: Inputs, attrs: Record<string, unknown>) => {
    variableNames: string[];
    outputShape: number[];
    key: string;
    make: () => string;
    uniforms?: [GlProgram["customUniforms"] & object, number[][]];
  },
): void {
  tf.registerKernel({
    kernelName,
    backendName: "webgl",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const given = inputs as Inputs;
      const p = build(given, attrs as Record<string, unknown>);
      const program: GlProgram = {
        variableNames: p.variableNames,
        outputShape: p.outputShape,
        userCode: source(`${kernelName}_${p.key}`, p.make),
        customUniforms: p.uniforms?.[0],
      };
      return (backend as unknown as WebGlBackendLike).runWebGLProgram(
        program,
        p.variableNames.map((name) => given[name]),
        "float32",
        p.uniforms?.[1],
      );
    },
  });
}

/** Registers the kernels for webgl (once; later calls do nothing). */
export function registerWebGlKernels(): void {
  if (tf.getKernel(STEP_KERNEL, "webgl")) return;
  registerProgram(STEP_KERNEL, (inputs, attrs) => {
    const a = attrs as unknown as StepAttrs;
    const spec = specOf(a);
    return {
      variableNames: ["state", ...parameterNames(spec.widths.length - 1)],
      outputShape: [inputs.state.shape[0], rowColumns(spec)],
      key: shaderKey("step", spec),
      make: () => stepSource(spec),
      uniforms: [[{ name: "dt", type: "float" }], [[a.dt]]],
    };
  });
  registerProgram(STEP_VJP_KERNEL, (inputs, attrs) => {
    const a = attrs as unknown as StepVjpAttrs;
    const spec = specOf(a);
    return {
      variableNames: ["stages", "carry", "cotangent", ...parameterNames(spec.widths.length - 1)],
      outputShape: [inputs.stages.shape[0], rowColumns(spec)],
      key: shaderKey("vjp", spec),
      make: () => stepVjpSource(spec),
      uniforms: [
        [
          { name: "dt", type: "float" },
          { name: "first", type: "int" },
          { name: "slotNext", type: "int" },
          { name: "slotHere", type: "int" },
        ],
        [[a.dt], [a.first], [a.slotNext], [a.slotHere]],
      ],
    };
  });
  registerProgram(TRAJECTORY_KERNEL, (inputs, attrs) => {
    const gridIndex = attrs.gridIndex as number[];
    const [batch, dim] = inputs.initial.shape;
    return {
      variableNames: ["initial", "steps"],
      outputShape: [gridIndex.length, batch, dim],
      key: gridIndex.join(","),
      make: () => trajectorySource(gridIndex),
    };
  });
  registerProgram(STAGE_ROWS_KERNEL, (inputs, attrs) => {
    const { dim, stages, offset } = attrs as { dim: number; stages: number; offset: number };
    const [steps, batch] = inputs.source.shape;
    return {
      variableNames: ["source"],
      outputShape: [steps * batch * stages, dim],
      key: `${dim}_${stages}_${batch}_${offset}`,
      make: () => stageRowsSource(dim, stages, batch, offset),
    };
  });
  registerProgram(DENSE_ROWS_KERNEL, (inputs, attrs) => {
    const activation = attrs.activation as Activation;
    const [fanIn, fanOut] = inputs.W.shape;
    return {
      variableNames: ["rows", "W", "B"],
      outputShape: [inputs.rows.shape[0], fanOut],
      key: `${activation}_${fanIn}`,
      make: () => denseRowsSource(activation, fanIn),
    };
  });
  registerProgram(PULLBACK_ROWS_KERNEL, (inputs, attrs) => {
    const activation = attrs.activation as Activation;
    const [fanIn, fanOut] = inputs.W.shape;
    return {
      variableNames: ["cotangent", "W", "activations"],
      outputShape: [inputs.cotangent.shape[0], fanIn],
      key: `${activation}_${fanOut}`,
      make: () => pullbackRowsSource(activation, fanOut),
    };
  });
  registerProgram(COLUMN_SUM_KERNEL, (inputs) => {
    const [rows, columns] = inputs.rows.shape;
    return {
      variableNames: ["rows"],
      outputShape: [columns],
      key: String(rows),
      make: () => columnSumSource(rows),
    };
  });
}

function kernel(name: string, inputs: tf.NamedTensorMap, attrs: object = {}): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

/** The customGrad op of one plan on webgl. Inputs: y0 [B, D], then W_1, b_1, …, W_L, b_L. */
export function fusedRkOpWebGl(plan: FusedRkPlan) {
  const base: FusedRkAttrs = { ...plan.spec, outputs: plan.outputs };
  const { steps, widths, activation } = plan.spec;
  const layers = widths.length - 1;
  const dim = widths[0];
  const stages = TABLEAUX[plan.spec.method].b.length;
  const names = parameterNames(layers);
  const named = (params: tf.Tensor[]) => Object.fromEntries(names.map((n, i) => [n, params[i]]));
  // Grid state of each output: output 0 is y0, output slots[n] the state after step n.
  const gridIndex = new Array<number>(plan.outputs).fill(0);
  plan.slots.forEach((slot, n) => {
    if (slot >= 0) gridIndex[slot] = n + 1;
  });
  // The output slot of grid state m (m ≥ 1: after step m − 1), −1 for none.
  const slotOf = (m: number) => (m === 0 ? 0 : plan.slots[m - 1]);

  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [y0, ...params] = args.slice(0, -1) as tf.Tensor[];
    const p = named(params);
    const rows: tf.Tensor[] = [];
    for (let n = 0; n < steps; n++) {
      const attrs: StepAttrs = { ...base, dt: plan.dts[n] };
      rows.push(kernel(STEP_KERNEL, { state: n === 0 ? y0 : rows[n - 1], ...p }, attrs));
    }
    const stepRows = tf.stack(rows);
    const value = kernel(TRAJECTORY_KERNEL, { initial: y0, steps: stepRows }, { gridIndex });
    save([y0, stepRows, ...rows, ...params]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [initial, savedRows] = saved;
        const stepOutputs = saved.slice(2, 2 + steps);
        const weights = saved.slice(2 + steps);
        const w = named(weights);
        const batch = initial.shape[0];
        const vjps: tf.Tensor[] = new Array(steps);
        for (let n = steps - 1; n >= 0; n--) {
          const first = n === steps - 1;
          vjps[n] = kernel(STEP_VJP_KERNEL, {
            stages: stepOutputs[n],
            carry: first ? stepOutputs[n] : vjps[n + 1],
            cotangent: dy as tf.Tensor,
            ...w,
          }, {
            ...base,
            dt: plan.dts[n],
            first: first ? 1 : 0,
            slotNext: slotOf(n + 1),
            slotHere: slotOf(n),
          });
        }
        const dy0 = tf.slice(vjps[0], [0, 0], [batch, dim]);
        // Every evaluation of the field as a row: layer inputs h_l and output cotangents g_l.
        const blocks = { dim, stages, offset: dim };
        const h = [kernel(STAGE_ROWS_KERNEL, { source: savedRows }, blocks)];
        for (let l = 0; l + 1 < layers; l++) {
          h.push(kernel(DENSE_ROWS_KERNEL, { rows: h[l], W: w[`W${l}`], B: w[`B${l}`] }, {
            activation,
          }));
        }
        const g = new Array<tf.Tensor>(layers);
        g[layers - 1] = kernel(STAGE_ROWS_KERNEL, { source: tf.stack(vjps) }, blocks);
        for (let l = layers - 2; l >= 0; l--) {
          g[l] = kernel(PULLBACK_ROWS_KERNEL, {
            cotangent: g[l + 1],
            W: weights[2 * (l + 1)],
            activations: h[l + 1],
          }, { activation });
        }
        const grads = g.flatMap((gl, l) => [
          tf.matMul(h[l], gl, true, false),
          kernel(COLUMN_SUM_KERNEL, { rows: gl }),
        ]);
        return [dy0, ...grads];
      },
    };
  });
}
