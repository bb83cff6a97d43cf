/**
 * Exercise 11: the ODE block of ODE-Net. The time channel by its values; the block by the exact
 * solution of dh/dt = −h (h0·e^{−T}), by the residual block it becomes with one Euler step of
 * size 1 (h0 + f(0, h0): a ResNet layer), by known evaluation counts (rk4 with 4 steps: 16), by
 * adjoint gradients against backprop through the steps, and against an ODE-Net's forward pass.
 */
import { withTimeChannel } from "./with_time_channel.ts";
import { odeBlock } from "./ode_block.ts";
import * as odenet from "../../lib/models/odenet.ts";
import { type GradientOptions, solve, type VectorField } from "../../lib/ode/solve.ts";
import {
  expectClose,
  expectEvery,
  expectNoLeak,
  expectTrue,
  seededTensor,
  tf,
} from "../_kit/testing.ts";

Deno.test("task 11.1 withTimeChannel appends one channel filled with t", () => {
  const h = seededTensor([2, 3, 3, 2], 71) as tf.Tensor4D;
  const ctx = {
    call: "withTimeChannel(h [2, 3, 3, 2], t = 0.75)",
    likelyCause: "concatenate tf.fill([b, height, width, 1], t) along the channel axis (3)",
  };
  const got = expectNoLeak(() => withTimeChannel(h, 0.75), () => 1, ctx);
  expectTrue(
    got.shape.join() === "2,3,3,3",
    ctx,
    `shape [${got.shape.join(", ")}], expected [2, 3, 3, 3]`,
  );
  const [kept, time] = tf.split(got, [2, 1], 3);
  expectClose(kept, h, { ...ctx, call: `${ctx.call}: the first two channels` });
  expectClose(time, tf.fill([2, 3, 3, 1], 0.75), { ...ctx, call: `${ctx.call}: the new channel` });
  tf.dispose([h, got, kept, time]);
});

Deno.test("task 11.2 odeBlock solves dh/dt = −h: h0·e^{−T}, and one Euler step is a ResNet block", () => {
  const h0 = seededTensor([2, 3, 3, 2], 72);
  const f: VectorField = (_t, h) => tf.neg(h);
  const ctx = {
    call: "odeBlock(f = −h, h0 [2, 3, 3, 2], endTime = 1.5, dopri5 rtol 1e-6)",
    likelyCause: "solve on the times [0, endTime] and return the state at endTime (the second " +
      "of the two)",
  };
  const block = expectNoLeak(() => odeBlock(f, h0, 1.5, { rtol: 1e-6, atol: 1e-8 }), () => 1, ctx);
  expectClose(block.h1, tf.mul(h0, Math.exp(-1.5)), ctx, { atol: 1e-5 });
  const field: VectorField = (t, h) => tf.tanh(tf.add(h, t));
  const euler = odeBlock(field, h0, 1, { method: "euler", stepSize: 1 });
  expectClose(euler.h1, tf.add(h0, tf.tanh(h0)), {
    call: "odeBlock(f = tanh(h + t), h0, endTime = 1, euler with step 1) = h0 + f(0, h0)",
    likelyCause: "the block must use the solver options it is given",
  });
  expectTrue(
    euler.stats?.nfe === 1,
    ctx,
    `one Euler step costs 1 evaluation, stats.nfe = ${euler.stats?.nfe}`,
  );
  tf.dispose([h0, block.h1, euler.h1]);
});

Deno.test("task 11.2 odeBlock reports evaluations and takes adjoint gradients", () => {
  const W = seededTensor([2, 2], 73, -1, 1);
  const f: VectorField = (_t, h) => tf.tidy(() => tf.tanh(tf.matMul(h, W)));
  const h0 = seededTensor([3, 2], 74);
  const rk4 = odeBlock(f, h0, 1, { method: "rk4", stepSize: 0.25 });
  const ctx = {
    call: "odeBlock(f = tanh(h·W), h0 [3, 2], endTime 1, rk4 step 0.25)",
    likelyCause: "return the solve's stats (4 steps × 4 stages = 16 evaluations)",
  };
  expectTrue(rk4.stats?.nfe === 16, ctx, `stats.nfe = ${rk4.stats?.nfe}, expected 16`);
  const loss = (h: tf.Tensor) => tf.sum(tf.square(h));
  const direct =
    tf.grads((w: tf.Tensor) =>
      loss(odeBlock((_t, h) => tf.tanh(tf.matMul(h, w)), h0, 1, { rtol: 1e-6, atol: 1e-8 }).h1)
    )([W])[0];
  let adjoint: { backwardStats?: { nfe: number } } = {};
  const viaAdjoint = tf.grads((w: tf.Tensor) => {
    const block = odeBlock((_t, h) => tf.tanh(tf.matMul(h, w)), h0, 1, {
      rtol: 1e-6,
      atol: 1e-8,
      gradient: "adjoint",
      params: [w],
    });
    adjoint = block;
    return loss(block.h1);
  })([W])[0];
  const adjointCtx = {
    call: 'odeBlock with { gradient: "adjoint", params: [W] } vs without: ∂Σh(1)²/∂W',
    likelyCause: "pass the options on to solve(field, h0, t, options), which runs the adjoint, " +
      "and return its backwardStats",
  };
  expectClose(viaAdjoint, direct, adjointCtx, { atol: 1e-3, rtol: 1e-3 });
  expectTrue(
    (adjoint.backwardStats?.nfe ?? 0) > 0,
    adjointCtx,
    `backwardStats.nfe = ${adjoint.backwardStats?.nfe} after the gradient: the adjoint's ` +
      "backward solve was not reported",
  );
  tf.dispose([W, h0, rk4.h1, direct, viaAdjoint]);
});

Deno.test("task 11.2 odeBlock passes every solver option on, with the adjoint too", () => {
  // Options whose effect shows: a method and step (evaluation counts), loose tolerances (fewer
  // evaluations than the defaults), and the backward solve's own options (its count and the
  // gradient's value). Each run is compared with the library's solve given the same options.
  const W = seededTensor([2, 2], 76, -1, 1);
  const h0 = seededTensor([3, 2], 77);
  const settings: [string, (w: tf.Tensor) => GradientOptions][] = [
    ["rk4, step 0.25, adjoint", (w) => ({
      method: "rk4",
      stepSize: 0.25,
      gradient: "adjoint",
      params: [w],
    })],
    ["dopri5 at rtol 1e-3, atol 1e-4 (not the defaults), adjoint", (w) => ({
      rtol: 1e-3,
      atol: 1e-4,
      gradient: "adjoint",
      params: [w],
    })],
    ["adjoint with its own backward options: euler, step 0.5", (w) => ({
      rtol: 1e-3,
      atol: 1e-4,
      gradient: "adjoint",
      params: [w],
      adjoint: { method: "euler", stepSize: 0.5 },
    })],
  ];
  type Run = { gradient: tf.Tensor; nfe: number; backwardNfe?: number };
  const run = (
    block: (f: VectorField, options: GradientOptions) => {
      h1: tf.Tensor;
      stats?: { nfe: number };
      backwardStats?: { nfe: number };
    },
    options: (w: tf.Tensor) => GradientOptions,
  ): Run => {
    let stats: { nfe: number } | undefined;
    let backward: { backwardStats?: { nfe: number } } = {};
    const gradient = tf.grads((w: tf.Tensor) => {
      const result = block((_t, h) => tf.tidy(() => tf.tanh(tf.matMul(h, w))), options(w));
      stats = result.stats;
      backward = result;
      return tf.sum(tf.square(result.h1));
    })([W])[0];
    return { gradient, nfe: stats?.nfe ?? NaN, backwardNfe: backward.backwardStats?.nfe };
  };
  expectEvery(settings, ([name, options]) => {
    const mine = run((f, o) => odeBlock(f, h0, 1, o), options);
    const lib = run((f, o) => {
      const sol = solve(f, h0, [0, 1], o);
      return { ...sol, h1: tf.squeeze(tf.slice(sol.ys, [1], [1]), [0]) };
    }, options);
    const ctx = {
      call: `odeBlock(f = tanh(h·W), h0 [3, 2], endTime 1, { ${name} }): ∂Σh(1)²/∂W`,
      likelyCause: "pass the options object on to solve(field, h0, [0, endTime], options) " +
        "whole (method, tolerances, step size, adjoint's own options), not only gradient/params",
    };
    try {
      expectTrue(
        mine.nfe === lib.nfe && mine.backwardNfe === lib.backwardNfe,
        ctx,
        `evaluations: forward ${mine.nfe}, backward ${mine.backwardNfe}`,
        `solve with these options: forward ${lib.nfe}, backward ${lib.backwardNfe}`,
      );
      expectClose(mine.gradient, lib.gradient, ctx, { atol: 1e-4, rtol: 1e-4 });
    } finally {
      tf.dispose([mine.gradient, lib.gradient]);
    }
  }, "option settings");
  tf.dispose([W, h0]);
});

Deno.test("task 11.2 odeBlock gives an ODE-Net's forward pass", () => {
  const net = new odenet.OdeNet({
    channels: 4,
    groups: 2,
    seed: 3,
    solver: { method: "rk4", stepSize: 0.5 },
  });
  const x = seededTensor([2, 28, 28, 1], 75, 0, 1);
  const want = net.forward(x);
  const got = tf.tidy(() => {
    const block = odeBlock(net.vectorField, net.features(x), net.endTime, net.solver);
    return { logits: net.classify(block.h1), nfe: block.stats.nfe };
  });
  expectClose(got.logits, want.logits, {
    call: "classify(odeBlock(ODE-Net field, features(x), 1, rk4 step 0.5).h1) vs OdeNet.forward",
  }, { atol: 1e-4 });
  expectTrue(
    got.nfe === want.stats.nfe,
    { call: "odeBlock on an ODE-Net" },
    `stats.nfe = ${got.nfe}, the network's forward pass reports ${want.stats.nfe}`,
  );
  tf.dispose([x, want.logits, got.logits]);
  net.dispose();
});
