/**
 * The fused RK solve (lib/nn/fused_rk) without a GPU: which solves it takes and which fall
 * back (with the reason), the step schedule it plans, the WGSL it generates, and that cpu
 * keeps the op-by-op path unchanged. Its numbers on a GPU are checked in
 * tests/nn/fused_rk_webgpu_test.ts (Deno's WebGPU) and tests/site/fused_rk_test.ts (Chromium).
 */
import assert from "node:assert/strict";
import { NeuralODE } from "../../lib/models/node.ts";
import { planFusedRk, workgroupFloats } from "../../lib/nn/fused_rk/plan.ts";
import { fusedMlpOdeint, fusedRkRefusal } from "../../lib/nn/fused_rk/solve.ts";
import { shaderKey } from "../../lib/nn/fused_rk/webgpu.ts";
import {
  backwardSource,
  f32,
  forwardSource,
  paramLayout,
  workgroupThreads,
} from "../../lib/nn/fused_rk/wgsl.ts";
import { MLP } from "../../lib/nn/mlp.ts";
import { odeint } from "../../lib/ode/mod.ts";
import { countKernels } from "../../lib/train/kernel_count.ts";
import { expectNoLeak, tf } from "../_setup.ts";

const WIDTHS = [2, 64, 64, 2];
const FIXED = { method: "rk4", checkFinite: false } as const;
const plan = (t: number[], options: object, widths = WIDTHS, activation = "tanh") =>
  planFusedRk({ widths, activation: activation as "tanh", t, options });

Deno.test("fused RK plan: grid stepping outputs after every step", () => {
  const p = plan([0, 0.2, 0.4, 0.6], FIXED);
  assert.ok(p.ok);
  assert.deepEqual(p.plan.slots, [1, 2, 3]);
  p.plan.dts.forEach((dt) => assert.ok(Math.abs(dt - 0.2) < 1e-12));
  assert.equal(p.plan.spec.steps, 3);
});

Deno.test("fused RK plan: stepSize substeps output on the grid points that are output times", () => {
  const p = plan([0, 0.2, 0.4], { ...FIXED, stepSize: 0.1 });
  assert.ok(p.ok);
  assert.deepEqual(p.plan.slots, [-1, 1, -1, 2]);
  assert.equal(p.plan.dts.length, 4);
});

Deno.test("fused RK plan: decreasing times step with negative dt", () => {
  const p = plan([1, 0.5, 0], { ...FIXED, method: "midpoint" });
  assert.ok(p.ok);
  assert.deepEqual(p.plan.dts, [-0.5, -0.5]);
});

Deno.test("fused RK plan: everything the kernels do not cover falls back, with a reason", () => {
  const t = [0, 0.5, 1];
  const cases: [string, ReturnType<typeof plan>, RegExp][] = [
    ["dopri5", plan(t, { method: "dopri5", checkFinite: false }), /adaptive/],
    ["adjoint", plan(t, { ...FIXED, gradient: "adjoint" }), /backprop/],
    ["finiteness read", plan(t, { method: "rk4" }), /checkFinite/],
    ["off-grid output", plan([0, 0.25, 0.5], { ...FIXED, stepSize: 0.1 }), /between grid/],
    ["maxSteps", plan(t, { ...FIXED, stepSize: 0.01, maxSteps: 10 }), /maxSteps/],
    ["wide layer", plan(t, FIXED, [2, 512, 2]), /wider/],
    ["large state", plan(t, FIXED, [32, 64, 32]), /dimension/],
    ["not D → D", plan(t, FIXED, [2, 64, 3]), /D → D/],
    ["too many steps", plan([0, 100], { ...FIXED, stepSize: 0.01 }), /workgroup memory/],
  ];
  for (const [name, result, reason] of cases) {
    assert.ok(!result.ok, `${name} should fall back`);
    assert.match(result.reason, reason, name);
  }
});

Deno.test("fused RK plan: each backend's own limits (webgpu's workgroup memory, webgl's textures)", () => {
  const long = (backend: string) =>
    planFusedRk({
      backend,
      widths: WIDTHS,
      activation: "elu",
      t: [0, 100],
      options: { ...FIXED, stepSize: 0.01 },
    });
  assert.match((long("webgpu") as { reason: string }).reason, /workgroup memory/);
  assert.ok(long("webgl").ok, "webgl keeps no grid in workgroup memory");
  const deep = (backend: string, layers: number) =>
    planFusedRk({
      backend,
      widths: [2, ...Array(layers - 1).fill(8), 2],
      activation: "elu",
      t: [0, 1],
      options: FIXED,
    });
  assert.ok(deep("webgl", 6).ok, "3 + 2·6 = 15 textures");
  assert.match((deep("webgl", 7) as { reason: string }).reason, /16 textures/);
  assert.ok(deep("webgpu", 7).ok, "one packed weight buffer on webgpu");
});

Deno.test("fused RK plan: the workgroup-memory estimate fits lecture 2's longest window", () => {
  const p = plan(Array.from({ length: 50 }, (_, i) => i * 10 / 49), FIXED);
  assert.ok(p.ok);
  assert.ok(workgroupFloats(p.plan.spec) < 1000);
});

Deno.test("fused RK WGSL: constants of the spec are baked in, and the key names them all", () => {
  const spec = { widths: WIDTHS, activation: "tanh" as const, method: "rk4" as const, steps: 9 };
  const forward = forwardSource(spec);
  const backward = backwardSource(spec);
  const layout = paramLayout(WIDTHS);
  assert.equal(layout.size, 2 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
  assert.deepEqual(layout.w, [0, 192, 4352]);
  assert.equal(workgroupThreads(WIDTHS), 64);
  assert.match(forward, /n < 9;/);
  assert.match(forward, /@?workgroup> wgK : array<f32, 8>/);
  assert.match(forward, /\(0\.16666666666666666\) \* wgK/); // rk4's b_1 = 1/6
  assert.match(forward, /exp\(-2\.0 \* abs\(z\)\)/); // the overflow-safe tanh
  assert.match(backward, /wgGrid : array<f32, 20>/); // (steps + 1)·D grid states
  assert.match(backward, /1\.0 - h \* h/); // tanh' from tanh
  assert.match(backward, new RegExp(`row = traj \\* ${layout.size + 2}`));
  const keys = new Set([
    shaderKey("f", spec),
    shaderKey("f", { ...spec, steps: 10 }),
    shaderKey("f", { ...spec, activation: "elu" }),
    shaderKey("f", { ...spec, method: "rk4_38" }),
    shaderKey("f", { ...spec, widths: [2, 32, 2] }),
  ]);
  assert.equal(keys.size, 5);
  assert.equal(f32(1), "(1.0)");
  assert.equal(f32(-0.5), "(-0.5)");
  assert.equal(f32(1e-21), "(1e-21)");
});

Deno.test("fused RK on cpu: not taken; NeuralODE.predict is odeint, op by op", async () => {
  const mlp = new MLP(WIDTHS, { activation: "tanh", seed: 2 });
  const y0 = tf.tensor2d([[1, 0], [0, 1]]);
  const t = [0, 0.2, 0.4];
  assert.match(fusedRkRefusal(mlp, y0, t, FIXED)!, /backend cpu/);
  assert.equal(fusedMlpOdeint(mlp, y0, t, FIXED), undefined);
  const model = new NeuralODE({ activation: "tanh", seed: 2, solver: FIXED });
  await expectNoLeak(() => {
    tf.tidy(() => {
      const a = model.predict(y0, t).arraySync();
      const b = odeint((_t, y) => model.field.apply(y), y0, t, FIXED).arraySync();
      assert.deepEqual(a, b);
    });
  }, "predict");
  mlp.dispose();
  model.dispose();
  y0.dispose();
});

Deno.test("countKernels: counts dispatching kernels (not reshapes) and restores the engine", async () => {
  const x = tf.ones([4, 3]);
  const engine = tf.engine() as unknown as Record<string, unknown>;
  const runKernel = engine.runKernel;
  const n = await countKernels(() => tf.tidy(() => tf.sum(tf.reshape(tf.add(x, 1), [12]))));
  assert.equal(n, 2); // Add and Sum; the Reshape is free
  assert.equal(engine.runKernel, runKernel);
  assert.equal(await countKernels(async () => await x.data()), 0);
  x.dispose();
});
