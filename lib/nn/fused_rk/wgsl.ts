/**
 * WGSL sources of the fused explicit-RK solve of an MLP field (solve.ts), generated from the
 * layer widths, the activation, the tableau and the number of steps (all baked in as
 * constants, so the shader key is built from the same spec).
 *
 * One workgroup integrates one trajectory; its threads share the hidden units of each layer
 * (thread j computes unit j), and the state, the stages and the activations live in workgroup
 * memory, so a whole solve is one dispatch. The backward kernel is the discrete adjoint of the
 * same steps (the exact gradient of what the forward computed, as backprop through the steps
 * would give): it replays the forward to keep every grid state, then walks the steps back,
 * recomputing each stage's activations, and accumulates this trajectory's parameter gradients
 * in its own row of the output (rows are summed over the batch afterwards: no two workgroups
 * ever write the same address).
 */
import { TABLEAUX } from "../../ode/tableaux.ts";
import type { FusedRkSpec } from "./plan.ts";
import { activationText, f32, WGSL_PICK } from "./shader_text.ts";

export { f32 };

/** Where each layer's W [in, out] (row-major) and b [out] sit in the packed parameter vector. */
export interface ParamLayout {
  w: number[];
  b: number[];
  size: number;
}

export function paramLayout(widths: readonly number[]): ParamLayout {
  const w: number[] = [];
  const b: number[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    w.push(offset);
    offset += widths[l] * widths[l + 1];
    b.push(offset);
    offset += widths[l + 1];
  }
  return { w, b, size: offset };
}

/** Threads per workgroup: the widest layer, in whole SIMD-friendly groups of 32. */
export function workgroupThreads(widths: readonly number[]): number {
  return Math.min(256, Math.max(32, Math.ceil(Math.max(...widths) / 32) * 32));
}

/** Everything the generators share, derived once from the spec. */
class Shape {
  readonly dim: number;
  readonly layers: number;
  readonly stages: number;
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly params: ParamLayout;
  readonly threads: number;
  /** Offset of hidden activation h_k (k = 1 … layers − 1) in wgActs. */
  readonly actOffset: number[] = [0, 0];
  readonly hiddenTotal: number;
  readonly widest: number;
  readonly sigma: { activate: string; derivative: string };

  constructor(readonly spec: FusedRkSpec) {
    const w = spec.widths;
    this.dim = w[0];
    this.layers = w.length - 1;
    const tableau = TABLEAUX[spec.method];
    this.stages = tableau.b.length;
    this.a = tableau.a;
    this.b = tableau.b;
    this.params = paramLayout(w);
    this.threads = workgroupThreads(w);
    let offset = 0;
    for (let k = 1; k < this.layers; k++) {
      this.actOffset[k] = offset;
      offset += w[k];
    }
    this.hiddenTotal = offset;
    this.widest = Math.max(...w);
    this.sigma = activationText(spec.activation, WGSL_PICK);
  }

  /** Input r of layer l during stage i: the stage state for l = 0, else h_l. */
  layerInput(l: number, i: number, r: string): string {
    return l === 0 ? `wgYs[${i * this.dim} + ${r}]` : `wgActs[${this.actOffset[l]} + ${r}]`;
  }

  /** Σ coefficient·array[j·D + tid] over the nonzero coefficients, or "" when none. */
  combination(coefficients: readonly number[], array: string): string {
    return coefficients
      .map((c, j) => c === 0 ? "" : ` + ${f32(c)} * ${array}[${j * this.dim} + tid]`)
      .join("");
  }

  /** Stage i's state Y_i = y + dt·Σ a_ij k_j into wgYs, then k_i = f(Y_i) into wgK. */
  stage(i: number, base: string): string {
    const sum = this.combination(this.a[i], "wgK");
    const y = sum === "" ? base : `${base} + dt * (0.0${sum})`;
    return `
    if (tid < ${this.dim}) { wgYs[${i * this.dim} + tid] = ${y}; }
    workgroupBarrier();
    ${this.field(i, true)}`;
  }

  /** The MLP at stage i's state: hidden activations into wgActs, the output into wgK. */
  field(i: number, withOutput: boolean): string {
    const w = this.spec.widths;
    const parts: string[] = [];
    for (let l = 0; l < this.layers; l++) {
      const last = l === this.layers - 1;
      if (last && !withOutput) break;
      const store = last
        ? `wgK[${i * this.dim} + j] = z;`
        : `wgActs[${this.actOffset[l + 1]} + j] = activate(z);`;
      parts.push(`
    for (var j = tid; j < ${w[l + 1]}; j += ${this.threads}) {
      var z = weights[${this.params.b[l]} + j];
      for (var r = 0; r < ${w[l]}; r++) {
        z += ${this.layerInput(l, i, "r")} * weights[${this.params.w[l]} + r * ${w[l + 1]} + j];
      }
      ${store}
    }
    workgroupBarrier();`);
    }
    return parts.join("");
  }

  declarations(extra: string): string {
    const { dim, stages } = this;
    return `
  var<workgroup> wgYs : array<f32, ${stages * dim}>;
  var<workgroup> wgK : array<f32, ${stages * dim}>;
  var<workgroup> wgActs : array<f32, ${Math.max(1, this.hiddenTotal)}>;
  ${extra}
  fn activate(z : f32) -> f32 { return ${this.sigma.activate}; }
  fn derivative(h : f32) -> f32 { return ${this.sigma.derivative}; }`;
  }
}

/**
 * Forward: inputs `initial` [B, D], `weights` (packed, see paramLayout), `schedule` [S, 2]
 * (dt, output slot or −1); output ys [T, B, D]. Dispatch: B workgroups.
 */
export function forwardSource(spec: FusedRkSpec): string {
  const s = new Shape(spec);
  const D = s.dim;
  const stages = Array.from({ length: s.stages }, (_, i) => s.stage(i, "wgState[tid]")).join("");
  return `${s.declarations(`var<workgroup> wgState : array<f32, ${D}>;`)}
  fn main(index : i32) {
    let tid = i32(localId.x);
    let traj = i32(workgroupId.x);
    let batch = uniforms.initialShape.x;
    if (tid < ${D}) {
      let y = initial[traj * ${D} + tid];
      wgState[tid] = y;
      result[traj * ${D} + tid] = y;
    }
    workgroupBarrier();
    for (var n = 0; n < ${spec.steps}; n++) {
      let dt = schedule[2 * n];
      ${stages}
      if (tid < ${D}) {
        let y = wgState[tid] + dt * (0.0${s.combination(s.b, "wgK")});
        wgState[tid] = y;
        let slot = i32(schedule[2 * n + 1]);
        if (slot >= 0) { result[(slot * batch + traj) * ${D} + tid] = y; }
      }
      workgroupBarrier();
    }
  }
`;
}

/** Backprop through layer l of stage i: parameter gradients, then dz of the layer below. */
function layerBackward(s: Shape, l: number, i: number, dz: string, dzBelow: string): string {
  const w = s.spec.widths;
  const [nin, nout] = [w[l], w[l + 1]];
  const below = l > 0 ? `${dzBelow}[r] = acc * derivative(h);` : `wgYbar[${i * s.dim} + r] = acc;`;
  return `
    for (var j = tid; j < ${nout}; j += ${s.threads}) { result[row + ${
    s.params.b[l]
  } + j] += ${dz}[j]; }
    for (var r = tid; r < ${nin}; r += ${s.threads}) {
      let h = ${s.layerInput(l, i, "r")};
      var acc = 0.0;
      for (var j = 0; j < ${nout}; j++) {
        let g = ${dz}[j];
        let k = ${s.params.w[l]} + r * ${nout} + j;
        result[row + k] += h * g;
        acc += weights[k] * g;
      }
      ${below}
    }
    workgroupBarrier();`;
}

/**
 * Backward: inputs `initial`, `weights`, `schedule` as the forward, and `cotangent` [T, B, D]
 * (dL/dys); output [B, P + D]: row b holds trajectory b's parameter gradients (packed like the
 * weights) and then dL/dy0[b]. Dispatch: B workgroups.
 */
export function backwardSource(spec: FusedRkSpec): string {
  const s = new Shape(spec);
  const D = s.dim;
  const P = s.params.size;
  const w = spec.widths;
  const zero: string[] = [];
  for (let l = 0; l < s.layers; l++) {
    zero.push(`
    for (var j = tid; j < ${w[l + 1]}; j += ${s.threads}) { result[row + ${
      s.params.b[l]
    } + j] = 0.0; }
    for (var r = tid; r < ${w[l]}; r += ${s.threads}) {
      for (var j = 0; j < ${w[l + 1]}; j++) { result[row + ${s.params.w[l]} + r * ${
      w[l + 1]
    } + j] = 0.0; }
    }`);
  }
  const replay = Array.from({ length: s.stages }, (_, i) => s.stage(i, `wgGrid[n * ${D} + tid]`))
    .join("");
  const stagesBack: string[] = [];
  for (let i = s.stages - 1; i >= 0; i--) {
    // k̄_i = dt·(b_i·ȳ + Σ_{m>i} a_mi·Ȳ_m): what y1 and the later stages owe to k_i.
    const later = s.a.map((row, m) => (m > i ? row[i] ?? 0 : 0));
    const own = s.b[i] === 0 ? "" : ` + ${f32(s.b[i])} * wgAdj[tid]`;
    const layers: string[] = [];
    for (let l = s.layers - 1; l >= 0; l--) {
      const [dz, dzBelow] = (s.layers - 1 - l) % 2 === 0 ? ["wgDzA", "wgDzB"] : ["wgDzB", "wgDzA"];
      layers.push(layerBackward(s, l, i, dz, dzBelow));
    }
    stagesBack.push(`
    if (tid < ${D}) { wgDzA[tid] = dt * (0.0${own}${s.combination(later, "wgYbar")}); }
    ${i === s.stages - 1 ? "" : s.field(i, false)}
    workgroupBarrier();
    ${layers.join("")}`);
  }
  const cotangentAt = (slot: string) =>
    `if (${slot} >= 0) { g += cotangent[(${slot} * batch + traj) * ${D} + tid]; }`;
  return `${
    s.declarations(`
  var<workgroup> wgGrid : array<f32, ${(spec.steps + 1) * D}>;
  var<workgroup> wgYbar : array<f32, ${s.stages * D}>;
  var<workgroup> wgAdj : array<f32, ${D}>;
  var<workgroup> wgDzA : array<f32, ${s.widest}>;
  var<workgroup> wgDzB : array<f32, ${s.widest}>;`)
  }
  fn main(index : i32) {
    let tid = i32(localId.x);
    let traj = i32(workgroupId.x);
    let batch = uniforms.initialShape.x;
    let row = traj * ${P + D};
    ${zero.join("")}
    if (tid < ${D}) { wgGrid[tid] = initial[traj * ${D} + tid]; }
    workgroupBarrier();
    for (var n = 0; n < ${spec.steps}; n++) {
      let dt = schedule[2 * n];
      ${replay}
      if (tid < ${D}) {
        wgGrid[(n + 1) * ${D} + tid] = wgGrid[n * ${D} + tid] + dt * (0.0${
    s.combination(s.b, "wgK")
  });
      }
      workgroupBarrier();
    }
    if (tid < ${D}) {
      var g = 0.0;
      let slot = i32(schedule[${2 * spec.steps - 1}]);
      ${cotangentAt("slot")}
      wgAdj[tid] = g;
    }
    workgroupBarrier();
    for (var n = ${spec.steps - 1}; n >= 0; n = n - 1) {
      let dt = schedule[2 * n];
      ${replay}
      ${stagesBack.join("")}
      if (tid < ${D}) {
        var g = wgAdj[tid]${
    Array.from({ length: s.stages }, (_, i) => ` + wgYbar[${i * D} + tid]`).join("")
  };
        var slot = 0;
        if (n > 0) { slot = i32(schedule[2 * n - 1]); }
        ${cotangentAt("slot")}
        wgAdj[tid] = g;
      }
      workgroupBarrier();
    }
    if (tid < ${D}) { result[row + ${P} + tid] = wgAdj[tid]; }
  }
`;
}
