/**
 * GLSL sources of the fused RK solve on tfjs's webgl backend (webgl.ts), generated from the
 * same spec as the WGSL (widths, activation, tableau).
 *
 * A fragment program writes one value per output texel and has no shared memory or barriers,
 * so the WGSL design (one workgroup walks a trajectory through every step) does not carry
 * over. Here a texel recomputes what it needs of its own trajectory's step, and the programs
 * are cut where that recomputation would multiply:
 *
 * - `stepSource`: one RK step for the whole batch; texel (b, c) of the row [y_{n+1} | Y_1 … Y_K]
 *   evaluates the stages of trajectory b that its column needs;
 * - `stepVjpSource`: the exact gradient through one step; texel (b, c) of the row
 *   [a_n | k̄_1 … k̄_K] walks the stages back from the stored stage inputs: a_n = dL/dy_n feeds
 *   the step before, the stage cotangents k̄_i the weight gradients;
 * - the weight gradients batch every evaluation of the field at once, layer by layer, as the
 *   other backends do (lib/nn/deferred_weight_grads.ts): rows of layer inputs (`stageRowsSource`,
 *   `denseRowsSource`) and of output cotangents (`stageRowsSource`, `pullbackRowsSource`), then
 *   dW_l = Hᵀ·G (one matrix product) and db_l (`columnSumSource`).
 */
import { TABLEAUX } from "../../ode/tableaux.ts";
import type { Activation } from "../fused_mlp.ts";
import type { FusedRkSpec } from "./plan.ts";
import { activationText, f32, GLSL_PICK } from "./shader_text.ts";

/** Input names of the parameters, in `mlp.parameters()` order: W0, B0, W1, B1, … */
export function parameterNames(layers: number): string[] {
  return Array.from({ length: layers }, (_, l) => [`W${l}`, `B${l}`]).flat();
}

/** Columns of a step's and a step-VJP's row: a state, then K stage blocks of D each. */
export function rowColumns(spec: FusedRkSpec): number {
  return spec.widths[0] * (1 + TABLEAUX[spec.method].b.length);
}

/** What every generator derives from the spec. */
class Field {
  readonly dim: number;
  readonly layers: number;
  readonly stages: number;
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly w: readonly number[];
  readonly sigma: { activate: string; derivative: string };

  constructor(readonly spec: FusedRkSpec) {
    this.w = spec.widths;
    this.dim = this.w[0];
    this.layers = this.w.length - 1;
    const tableau = TABLEAUX[spec.method];
    this.stages = tableau.b.length;
    this.a = tableau.a;
    this.b = tableau.b;
    this.sigma = activationText(spec.activation, GLSL_PICK);
  }

  /** main()'s first lines for a [B, ·] output: trajectory b, column col. */
  rowCoords(): string {
    return `ivec2 rc = getOutputCoords();
  int b = rc.x;
  int col = rc.y;`;
  }

  /** Local arrays: the stage input x, hidden activations h1 … h_{L−1}, cotangents g1 … g_L. */
  locals(withCotangents: boolean): string {
    const lines = [`float x[${this.dim}];`];
    for (let l = 1; l < this.layers; l++) lines.push(`float h${l}[${this.w[l]}];`);
    if (withCotangents) {
      for (let l = 1; l <= this.layers; l++) lines.push(`float g${l}[${this.w[l]}];`);
    }
    return lines.join("\n  ");
  }

  helpers(): string {
    return `
float activate(float z) { return ${this.sigma.activate}; }
float derivative(float h) { return ${this.sigma.derivative}; }`;
  }

  /** The input array of layer l: x for the first layer, else h_l. */
  input(l: number): string {
    return l === 0 ? "x" : `h${l}`;
  }

  /** h_1 … h_upTo from x (upTo ≤ L − 1). */
  hidden(upTo: number): string {
    const parts: string[] = [];
    for (let l = 0; l < upTo; l++) {
      parts.push(`
  for (int j = 0; j < ${this.w[l + 1]}; j++) {
    float z = getB${l}(j);
    for (int r = 0; r < ${this.w[l]}; r++) { z += ${this.input(l)}[r] * getW${l}(r, j); }
    h${l + 1}[j] = activate(z);
  }`);
    }
    return parts.join("");
  }

  /** The field's output f(x) into target[offset + m], h_1 … h_{L−1} along the way. */
  field(target: string, offset: string): string {
    const l = this.layers - 1;
    return `${this.hidden(l)}
  for (int m = 0; m < ${this.dim}; m++) {
    float z = getB${l}(m);
    for (int r = 0; r < ${this.w[l]}; r++) { z += ${this.input(l)}[r] * getW${l}(r, m); }
    ${target}[${offset} + m] = z;
  }`;
  }

  /** With g_L set and h_1 … h_{L−1} at x: g_l for l = L−1 down to `downTo` (≥ 1). */
  pullback(downTo: number): string {
    const parts: string[] = [];
    for (let l = this.layers - 1; l >= downTo; l--) {
      parts.push(`
  for (int r = 0; r < ${this.w[l]}; r++) {
    float acc = 0.0;
    for (int j = 0; j < ${this.w[l + 1]}; j++) { acc += getW${l}(r, j) * g${l + 1}[j]; }
    g${l}[r] = acc * derivative(h${l}[r]);
  }`);
    }
    return parts.join("");
  }

  /** Σ_j coefficients[j]·array[j·D + index] as a GLSL expression ("0.0" when empty). */
  combination(coefficients: readonly number[], array: string, index: string): string {
    const terms = coefficients
      .map((c, j) => c === 0 ? "" : ` + ${f32(c)} * ${array}[${j * this.dim} + ${index}]`)
      .join("");
    return `(0.0${terms})`;
  }
}

/**
 * One RK step. Input `state`: y_n in columns 0 … D−1 of a [B, ·] tensor (y0, or the step
 * before's output); uniform `dt`. Output [B, D(1 + K)]: y_{n+1}, then the stage inputs Y_i
 * (kept for the backward). A texel computes only the stages its column needs.
 */
export function stepSource(spec: FusedRkSpec): string {
  const f = new Field(spec);
  const D = f.dim;
  const K = f.stages;
  const stages: string[] = [];
  for (let i = 0; i < K; i++) {
    const sum = f.combination(f.a[i], "k", "r");
    stages.push(`
  if (${i} <= need) {
    for (int r = 0; r < ${D}; r++) { x[r] = y[r] + dt * ${sum}; ys[${i * D} + r] = x[r]; }
  }
  if (${i} < need) {${f.field("k", String(i * D))}
  }`);
  }
  return `${f.helpers()}
void main() {
  ${f.rowCoords()}
  // Fields to evaluate: all K for y_{n+1}, the first i for stage input Y_i.
  int need = col < ${D} ? ${K} : (col - ${D}) / ${D};
  float y[${D}];
  for (int r = 0; r < ${D}; r++) { y[r] = getState(b, r); }
  float k[${K * D}];
  float ys[${K * D}];
  ${f.locals(false)}
  ${stages.join("")}
  if (col < ${D}) {
    setOutput(y[col] + dt * ${f.combination(f.b, "k", "col")});
  } else {
    setOutput(ys[col - ${D}]);
  }
}
`;
}

/**
 * The gradient through step n. Inputs `stages` (step n's output: the stage inputs Y_i),
 * `carry` (step n + 1's output of this kernel; any [B, ·] when `first`), `cotangent`
 * dL/dys [T, B, D], the parameters; uniforms `dt`, `first` (1 for the last step, whose
 * a_{n+1} is the cotangent at `slotNext`), `slotNext`, `slotHere` (the output slots of y_{n+1}
 * and y_n, −1 for none). Output [B, D(1 + K)]: a_n = dL/dy_n, then the stage cotangents k̄_i.
 * Stages are walked back only as far as the texel's column needs.
 */
export function stepVjpSource(spec: FusedRkSpec): string {
  const f = new Field(spec);
  const D = f.dim;
  const K = f.stages;
  const back: string[] = [];
  for (let i = K - 1; i >= 0; i--) {
    // k̄_i = dt·(b_i·a + Σ_{m>i} a_mi·Ȳ_m): what y_{n+1} and the later stages owe to k_i.
    const later = f.a.map((row, m) => (m > i ? row[i] ?? 0 : 0));
    const own = f.b[i] === 0 ? "" : ` + ${f32(f.b[i])} * a[r]`;
    back.push(`
  for (int r = 0; r < ${D}; r++) {
    kbar[${i * D} + r] = dt * (0.0${own} + ${f.combination(later, "ybar", "r")});
  }
  if (${i} > lowest) {
    for (int r = 0; r < ${D}; r++) {
      x[r] = getStages(b, ${D + i * D} + r);
      g${f.layers}[r] = kbar[${i * D} + r];
    }${f.hidden(f.layers - 1)}${f.pullback(1)}
    for (int r = 0; r < ${D}; r++) {
      float acc = 0.0;
      for (int j = 0; j < ${f.w[1]}; j++) { acc += getW0(r, j) * g1[j]; }
      ybar[${i * D} + r] = acc;
    }
  }`);
  }
  return `${f.helpers()}
void main() {
  ${f.rowCoords()}
  // The lowest stage whose Ȳ is needed: all of them for a_n, those above i for k̄_i.
  int lowest = col < ${D} ? -1 : (col - ${D}) / ${D};
  float a[${D}];
  for (int r = 0; r < ${D}; r++) {
    a[r] = first == 1 ? (slotNext >= 0 ? getCotangent(slotNext, b, r) : 0.0) : getCarry(b, r);
  }
  float kbar[${K * D}];
  float ybar[${K * D}];
  // Stages at or below \`lowest\` keep Ȳ = 0 (their k̄ are computed but not read).
  for (int r = 0; r < ${K * D}; r++) { ybar[r] = 0.0; }
  ${f.locals(true)}
  ${back.join("")}
  if (col < ${D}) {
    float total = a[col]${Array.from({ length: K }, (_, i) => ` + ybar[${i * D} + col]`).join("")};
    if (slotHere >= 0) { total += getCotangent(slotHere, b, col); }
    setOutput(total);
  } else {
    setOutput(kbar[col - ${D}]);
  }
}
`;
}

/**
 * The solve's outputs [T, B, D] from `initial` y0 [B, D] and `steps`, the step outputs stacked
 * [S, B, ·]: output j is grid state gridIndex[j] (0: y0; m: after step m − 1).
 */
export function trajectorySource(gridIndex: readonly number[]): string {
  const pick = gridIndex.map((g, j) => `j == ${j} ? ${g} : `).join("");
  return `
void main() {
  ivec3 c = getOutputCoords();
  int j = c.x;
  int m = ${pick}0;
  setOutput(m == 0 ? getInitial(c.y, c.z) : getSteps(m - 1, c.y, c.z));
}
`;
}

/**
 * One D-wide block per stage, as rows: from `source` [S, B, C], the K blocks of D columns
 * starting at `offset`; output [S·B·K, D], row (n·B + b)·K + i. The stage inputs Y_i (from the
 * step outputs) are the first layer's inputs; the stage cotangents k̄_i (from the step-VJP
 * outputs) are the cotangents of the last layer's outputs.
 */
export function stageRowsSource(
  dim: number,
  stages: number,
  batch: number,
  offset: number,
): string {
  return `
void main() {
  ivec2 rc = getOutputCoords();
  int row = rc.x;
  int i = row - (row / ${stages}) * ${stages};
  int b = (row / ${stages}) - (row / ${stages * batch}) * ${batch};
  int n = row / ${stages * batch};
  setOutput(getSource(n, b, ${offset} + i * ${dim} + rc.y));
}
`;
}

/** A hidden layer over all rows: σ(rows·W + b). Inputs `rows` [R, n_in], `W`, `B`. */
export function denseRowsSource(activation: Activation, inputs: number): string {
  return `
float activate(float z) { return ${activationText(activation, GLSL_PICK).activate}; }
void main() {
  ivec2 rc = getOutputCoords();
  float z = getB(rc.y);
  for (int r = 0; r < ${inputs}; r++) { z += getRows(rc.x, r) * getW(r, rc.y); }
  setOutput(activate(z));
}
`;
}

/**
 * A hidden layer's output cotangent over all rows, from the layer above's: σ'(h)·(g·Wᵀ).
 * Inputs `cotangent` g [R, n_out], `W` [n_in, n_out] (the layer above), `activations` h
 * [R, n_in].
 */
export function pullbackRowsSource(activation: Activation, outputs: number): string {
  return `
float derivative(float h) { return ${activationText(activation, GLSL_PICK).derivative}; }
void main() {
  ivec2 rc = getOutputCoords();
  float acc = 0.0;
  for (int j = 0; j < ${outputs}; j++) { acc += getW(rc.y, j) * getCotangent(rc.x, j); }
  setOutput(acc * derivative(getActivations(rc.x, rc.y)));
}
`;
}

/** Column sums of `rows` [R, N] → [N]. */
export function columnSumSource(rows: number): string {
  return `
void main() {
  int j = getOutputCoords();
  float total = 0.0;
  for (int r = 0; r < ${rows}; r++) { total += getRows(r, j); }
  setOutput(total);
}
`;
}
