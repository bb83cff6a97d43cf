/**
 * The fused solve checked against the op-by-op solver on cpu: every fixed-step method and
 * activation, grid and `stepSize` stepping (outputs between steps), forward and backward in
 * time; the loss, dL/dy0 and every parameter gradient. Shared by the WebGPU test in Deno
 * (tests/nn/fused_rk_webgpu_test.ts) and the browser test of both GPU backends (through the
 * harness page, site/src/harness/fused_rk.runtime.ts), so both hold the kernels to one table.
 */
import * as tf from "@tensorflow/tfjs";
import { MLP } from "../mlp.ts";
import { odeint } from "../../ode/mod.ts";
import type { MethodName } from "../../ode/tableaux.ts";
import type { Activation } from "../fused_mlp.ts";
import { fusedMlpOdeint, fusedRkRefusal } from "./solve.ts";

export interface AgreementCase {
  activation: Activation;
  method: MethodName;
  stepSize?: number;
  t: number[];
}

export const AGREEMENT_CASES: readonly AgreementCase[] = [
  { activation: "tanh", method: "rk4", t: [0, 0.2, 0.4, 0.6] },
  { activation: "elu", method: "rk4_38", stepSize: 0.1, t: [0, 0.2, 0.4] },
  { activation: "relu", method: "euler", t: [0.6, 0.3, 0] },
  { activation: "sigmoid", method: "midpoint", stepSize: 0.05, t: [0.4, 0.2, 0] },
  { activation: "softplus", method: "heun", t: [0, 0.3] },
  { activation: "linear", method: "rk4", t: [0, 0.3, 0.6] },
];

/** The worst disagreement of one case, relative to each output's largest entry. */
export interface Agreement {
  case: string;
  /** Why the fused path was not taken (then nothing was compared), else undefined. */
  refusal?: string;
  worst: number;
}

/**
 * Loss, dL/dy0 and the parameter gradients of one case on the current backend, or, when the
 * fused path was asked for and refused, the reason.
 */
async function lossAndGrads(fused: boolean, c: AgreementCase): Promise<number[][] | string> {
  const solver = { method: c.method, stepSize: c.stepSize, checkFinite: false };
  const mlp = new MLP([2, 16, 16, 2], { activation: c.activation, seed: 3 });
  const y0 = tf.tensor2d([[1, 0.5], [-0.3, 2], [0.2, -1]]);
  const target = tf.randomNormal([c.t.length, 3, 2], 0, 1, "float32", 7);
  const loss = (y: tf.Tensor) => {
    const ys = fused
      ? fusedMlpOdeint(mlp, y, c.t, solver)!
      : odeint((_t, x) => mlp.apply(x), y, c.t, solver);
    return tf.mean(tf.square(tf.sub(ys, target))) as tf.Scalar;
  };
  try {
    const refusal = fused ? fusedRkRefusal(mlp, y0, c.t, solver) : undefined;
    if (refusal !== undefined) return refusal;
    const [gy0, ...gp] = tf.grads((y: tf.Tensor, ..._p: tf.Tensor[]) => loss(y))([
      y0,
      ...mlp.parameters(),
    ]);
    const value = loss(y0);
    const out = await Promise.all(
      [value, gy0, ...gp].map(async (x) => Array.from(await x.data())),
    );
    tf.dispose([value, gy0, ...gp]);
    return out;
  } finally {
    tf.dispose([y0, target]);
    mlp.dispose();
  }
}

/**
 * Every case on `backend` (fused) against cpu (op by op). Leaves `backend` as the current
 * backend; the caller must have registered it.
 */
export async function fusedAgreement(backend: string): Promise<Agreement[]> {
  const results: Agreement[] = [];
  for (const c of AGREEMENT_CASES) {
    const name = `${c.activation} ${c.method}${c.stepSize ? ` step ${c.stepSize}` : ""} t=[${c.t}]`;
    await tf.setBackend("cpu");
    const want = await lossAndGrads(false, c) as number[][];
    await tf.setBackend(backend);
    const got = await lossAndGrads(true, c);
    if (typeof got === "string") {
      results.push({ case: name, refusal: got, worst: NaN });
      continue;
    }
    const worst = Math.max(
      ...got.map((g, i) => {
        const scale = Math.max(...want[i].map(Math.abs));
        return Math.max(...g.map((x, k) => Math.abs(x - want[i][k]))) / scale;
      }),
    );
    results.push({ case: name, worst });
  }
  return results;
}
