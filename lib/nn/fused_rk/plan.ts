/**
 * When a Neural-ODE solve can run as one fused GPU op (see solve.ts), and its step schedule.
 *
 * The fused op covers the common training case exactly: an MLP field (autonomous), a
 * fixed-step explicit Runge–Kutta method, outputs that fall on the step grid, first-order
 * backprop. Everything else answers with a reason, and the caller keeps the op-by-op solver.
 */
import type { GradientOptions } from "../../ode/solve.ts";
import { isAdaptive, METHOD_NAMES, type MethodName, TABLEAUX } from "../../ode/tableaux.ts";
import { uniformGrid } from "../../ode/integrate_fixed.ts";
import { DEFAULT_MAX_STEPS } from "../../ode/options.ts";
import type { Activation } from "../fused_mlp.ts";

/** Activations the kernels write out (the others fall back). */
export const FUSED_ACTIVATIONS: readonly Activation[] = [
  "elu",
  "tanh",
  "relu",
  "sigmoid",
  "softplus",
  "linear",
];
/** One thread per hidden unit, so the widest layer is the workgroup size (WebGPU allows 256). */
export const MAX_FUSED_WIDTH = 256;
/** The state lives in workgroup memory next to its stages; small states only. */
export const MAX_FUSED_DIM = 16;
/** WebGPU's guaranteed workgroup memory (maxComputeWorkgroupStorageSize), in floats. */
export const WORKGROUP_FLOATS = 16384 / 4;

/** Textures a WebGL program may read: WebGL 2 guarantees 16 per fragment shader. */
export const MAX_WEBGL_TEXTURES = 16;

/** What the kernels are generated from: changes to any of it change the shader source. */
export interface FusedRkSpec {
  /** Layer widths [D, h_1, …, h_k, D]. */
  widths: number[];
  activation: Activation;
  method: MethodName;
  /** Steps of the grid. */
  steps: number;
}

/** The step schedule: dt of every step and the output slot it fills (−1: none). */
export interface FusedRkPlan {
  spec: FusedRkSpec;
  dts: number[];
  /** slots[n]: the output index of the state after step n, or −1. Output 0 is y0. */
  slots: number[];
  outputs: number;
}

export type PlanResult = { ok: true; plan: FusedRkPlan } | { ok: false; reason: string };

/** Floats of workgroup memory the backward kernel needs (the larger of the two kernels). */
export function workgroupFloats(spec: FusedRkSpec): number {
  const dim = spec.widths[0];
  const stages = TABLEAUX[spec.method].b.length;
  const hidden = spec.widths.slice(1, -1).reduce((s, n) => s + n, 0);
  const widest = Math.max(...spec.widths);
  // grid states, stage inputs/derivatives/adjoints, adjoint and stage input, activations, dz ×2
  return (spec.steps + 1) * dim + 3 * stages * dim + 2 * dim + hidden + 2 * widest;
}

export interface FusedRkRequest {
  /** The backend whose kernels would run it (their limits differ); default webgpu. */
  backend?: string;
  widths: readonly number[];
  activation: Activation;
  t: readonly number[];
  options: GradientOptions;
}

/**
 * The plan of a fused solve, or why there is none. Mirrors the fixed-grid solver's grid
 * (lib/ode/integrate_fixed.ts): the requested times, or a uniform `stepSize` grid, run in
 * the direction of t; an output must sit on a grid point (the op-by-op path interpolates).
 */
export function planFusedRk(request: FusedRkRequest): PlanResult {
  const { widths, activation, t, options } = request;
  const no = (reason: string): PlanResult => ({ ok: false, reason });
  const method = options.method ?? "dopri5";
  if (!METHOD_NAMES.includes(method)) return no(`unknown method "${method}"`);
  if (isAdaptive(TABLEAUX[method])) return no(`"${method}" is adaptive (reads error ratios)`);
  if ((options.gradient ?? "backprop") !== "backprop") return no("gradient is not backprop");
  if (options.checkFinite !== false) return no("checkFinite needs a read of the outputs");
  if (!FUSED_ACTIVATIONS.includes(activation)) return no(`activation "${activation}"`);
  const dim = widths[0];
  if (widths.length < 2 || widths[widths.length - 1] !== dim) return no("field is not D → D");
  if (dim > MAX_FUSED_DIM) return no(`state dimension ${dim} > ${MAX_FUSED_DIM}`);
  if (Math.max(...widths) > MAX_FUSED_WIDTH) return no(`a layer wider than ${MAX_FUSED_WIDTH}`);
  if (t.length < 2) return no("fewer than two times");
  const sign = t[1] > t[0] ? 1 : -1;
  const ts = t.map((x) => sign * x);
  const grid = options.stepSize === undefined
    ? ts
    : uniformGrid(ts[0], ts[ts.length - 1], options.stepSize);
  const snap = options.stepSize === undefined ? 0 : 1e-9 * options.stepSize;
  const slots = new Array<number>(grid.length - 1).fill(-1);
  let n = 0;
  for (let j = 1; j < ts.length; j++) {
    while (n < grid.length - 1 && grid[n + 1] < ts[j] - snap) n++;
    if (n >= grid.length - 1 || Math.abs(grid[n + 1] - ts[j]) > snap) {
      return no(`output time t[${j}] is between grid points`);
    }
    slots[n] = j;
  }
  const dts = grid.slice(1).map((g, i) => sign * (g - grid[i]));
  if (dts.length > (options.maxSteps ?? DEFAULT_MAX_STEPS)) return no("over options.maxSteps");
  const spec: FusedRkSpec = { widths: [...widths], activation, method, steps: dts.length };
  if ((request.backend ?? "webgpu") === "webgpu" && workgroupFloats(spec) > WORKGROUP_FLOATS) {
    return no("too many steps for workgroup memory");
  }
  // webgl: a step-VJP program reads the state, the carry, the cotangent and every parameter.
  if (request.backend === "webgl" && 3 + 2 * (widths.length - 1) > MAX_WEBGL_TEXTURES) {
    return no(`more than ${MAX_WEBGL_TEXTURES} textures per program (too many layers)`);
  }
  return { ok: true, plan: { spec, dts, slots, outputs: t.length } };
}
