/**
 * The fused RK kernels' numbers on a real WebGPU device, in Deno (no browser): every
 * fixed-step method and activation, grid and `stepSize` stepping, forward and backward in
 * time, against the op-by-op solver on cpu (values, dL/dy0 and every parameter gradient).
 * Runs where Deno exposes WebGPU (`deno test --unstable-webgpu`, e.g. through Mesa's software
 * Vulkan with XDG_RUNTIME_DIR set); ignored elsewhere, where tests/site/fused_rk_test.ts
 * checks the same kernels in Chromium.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { MLP } from "../../lib/nn/mlp.ts";
import { fusedMlpOdeint, fusedRkRefusal } from "../../lib/nn/fused_rk/solve.ts";
import { odeint } from "../../lib/ode/mod.ts";
import type { MethodName } from "../../lib/ode/tableaux.ts";
import type { Activation } from "../../lib/nn/fused_mlp.ts";

const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
const hasGpu = await gpu?.requestAdapter().then((a) => a !== null, () => false) ?? false;

async function lossAndGrads(
  backend: string,
  fused: boolean,
  activation: Activation,
  options: { method: MethodName; stepSize?: number },
  t: number[],
) {
  await tf.setBackend(backend);
  const solver = { ...options, checkFinite: false };
  const mlp = new MLP([2, 16, 16, 2], { activation, seed: 3 });
  const y0 = tf.tensor2d([[1, 0.5], [-0.3, 2], [0.2, -1]]);
  const target = tf.randomNormal([t.length, 3, 2], 0, 1, "float32", 7);
  if (fused) assert.equal(fusedRkRefusal(mlp, y0, t, solver), undefined);
  const loss = (y: tf.Tensor) => {
    const ys = fused
      ? fusedMlpOdeint(mlp, y, t, solver)!
      : odeint((_t, x) => mlp.apply(x), y, t, solver);
    return tf.mean(tf.square(tf.sub(ys, target))) as tf.Scalar;
  };
  const [gy0, ...gp] = tf.grads((y: tf.Tensor, ..._p: tf.Tensor[]) => loss(y))([
    y0,
    ...mlp.parameters(),
  ]);
  const out = await Promise.all(
    [loss(y0), gy0, ...gp].map(async (x) => Array.from(await x.data())),
  );
  tf.dispose([gy0, ...gp, y0, target]);
  mlp.dispose();
  return out;
}

Deno.test({
  name: "fused RK on webgpu: the op-by-op solver's loss and gradients, every method and activation",
  ignore: !hasGpu,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await import("@tensorflow/tfjs-backend-webgpu");
    tf.enableProdMode();
    const cases: [Activation, MethodName, number | undefined, number[]][] = [
      ["tanh", "rk4", undefined, [0, 0.2, 0.4, 0.6]],
      ["elu", "rk4_38", 0.1, [0, 0.2, 0.4]],
      ["relu", "euler", undefined, [0.6, 0.3, 0]],
      ["sigmoid", "midpoint", 0.05, [0.4, 0.2, 0]],
      ["softplus", "heun", undefined, [0, 0.3]],
      ["linear", "rk4", undefined, [0, 0.3, 0.6]],
    ];
    for (const [activation, method, stepSize, t] of cases) {
      const want = await lossAndGrads("cpu", false, activation, { method, stepSize }, t);
      const got = await lossAndGrads("webgpu", true, activation, { method, stepSize }, t);
      got.forEach((g, i) => {
        const scale = Math.max(...want[i].map(Math.abs));
        const err = Math.max(...g.map((x, k) => Math.abs(x - want[i][k]))) / scale;
        assert.ok(err < 1e-5, `${activation} ${method}: output ${i} differs by ${err}`);
      });
    }
  },
});
