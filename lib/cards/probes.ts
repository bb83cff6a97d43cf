/**
 * How to run each course model forward on a small example input, and which of its parts form
 * an ODE block. The ODE settings are read from the model object (its solver options, interval,
 * gradient mode), never restated here; only which children make up the field is declared.
 */
import * as tf from "@tensorflow/tfjs";
import { AugmentedNODE } from "../models/anode.ts";
import { BayesianNODE } from "../models/bnn_node.ts";
import { CNF } from "../models/cnf.ts";
import { LatentODE } from "../models/latent_ode.ts";
import { NeuralODE } from "../models/node.ts";
import { OdeNet } from "../models/odenet.ts";
import { ODEVAE } from "../models/odevae.ts";
import { VAE } from "../models/vae.ts";
import type { Module } from "../nn/module.ts";
import type { SolveOptions } from "../ode/options.ts";
import type { GradientMethod } from "../ode/solve.ts";
import type { OdeInfo } from "./types.ts";

/** A model's gradient method as its card words it. */
function gradientLabel(method: GradientMethod): string {
  return method === "adjoint" ? "adjoint" : "backprop through the steps";
}

/** The example pass: named inputs (tensors) and the named output. */
export interface ProbeRun {
  inputs: Record<string, tf.Tensor>;
  output: { label: string; tensor: tf.Tensor };
}

export interface OdeBlockSpec extends OdeInfo {
  /** Heading of the block ("ODE block", "latent ODE"). */
  label: string;
  /** Names of the root's children that make up the field, as in namedParameters. */
  members: string[];
}

export interface Probe<M extends Module = Module> {
  /** The method the shapes come from, for the card's header. */
  forward: string;
  /** Builds inputs of batch size `batch` and runs the forward pass (inside a tidy). */
  run(model: M, batch: number): ProbeRun;
  /** The model's ODE blocks, read after the example pass (so measured stats are available). */
  odeBlocks(model: M): OdeBlockSpec[];
}

/** 4 significant digits: 10/49 → 0.2041. */
const round = (x: number) => Number(x.toPrecision(4));

/** One line for a solver: "rk4 on the output times", "dopri5, rtol 0.001, atol 0.001". */
export function describeSolver(options: SolveOptions): string {
  const method = options.method ?? "dopri5";
  const parts: string[] = [method];
  if (options.stepSize !== undefined) parts.push(`step ${round(options.stepSize)}`);
  if (options.rtol !== undefined) parts.push(`rtol ${round(options.rtol)}`);
  if (options.atol !== undefined) parts.push(`atol ${round(options.atol)}`);
  const adaptive = ["bosh3", "dopri5", "tsit5"].includes(method);
  if (!adaptive && options.stepSize === undefined) parts[0] = `${method} on the output times`;
  if (adaptive && options.rtol === undefined) parts.push("rtol 1e-7, atol 1e-9 (defaults)");
  return parts.join(", ");
}

/** Solver options as flat data for the card (functions and undefined dropped). */
function solverData(options: SolveOptions): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = { method: options.method ?? "dopri5" };
  for (const [k, v] of Object.entries(options)) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
  }
  return out;
}

function solverFields(options: SolveOptions): Pick<OdeInfo, "solver" | "solverText"> {
  return { solver: solverData(options), solverText: describeSolver(options) };
}

/** n evenly spaced times from a to b. */
function times(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/** A 10-point window with the Van der Pol data's spacing (10/49), as NODE training sees. */
const WINDOW = times(0, 90 / 49, 10);

const nodeProbe: Probe<NeuralODE> = {
  forward: "predict(y0, t)",
  run: (model, b) => {
    const y0 = tf.randomNormal([b, model.dim], 0, 1, "float32", 1);
    return { inputs: { y0 }, output: { label: "ys", tensor: model.predict(y0, WINDOW) } };
  },
  odeBlocks: (model) => [{
    label: "ODE block",
    members: ["field"],
    equation: "dy/dt = field(y)",
    ...solverFields(model.solver),
    interval: `t: ${WINDOW.length} times on [0, ${round(WINDOW.at(-1)!)}]`,
    gradient: gradientLabel(model.gradient),
  }],
};

const bnnNodeProbe: Probe<BayesianNODE> = {
  forward: "solveSample(seed, y0, t)",
  run: (model, b) => {
    const y0 = tf.randomNormal([b, model.dim], 0, 1, "float32", 1);
    return { inputs: { y0 }, output: { label: "ys", tensor: model.solveSample(1, y0, WINDOW) } };
  },
  odeBlocks: (model) => [{
    label: "ODE block",
    members: ["field"],
    equation: "dy/dt = field_w(y), w ~ q(w)",
    ...solverFields(model.solver),
    interval: `t: ${WINDOW.length} times on [0, ${round(WINDOW.at(-1)!)}]`,
    gradient: gradientLabel(model.gradient),
    note: `one weight sample per solve; KL(q(w) ‖ p(w)) / ${model.dataSize} per sequence`,
  }],
};

const anodeProbe: Probe<AugmentedNODE> = {
  forward: "forward(x)",
  run: (model, b) => {
    const x = tf.randomUniform([b, model.dim], -1, 1, "float32", 1);
    return { inputs: { x }, output: { label: "y", tensor: model.forward(x) } };
  },
  odeBlocks: (model) => [{
    label: "ODE block",
    members: ["field"],
    equation: `d[x, a]/dt = field([x, a]), a(0) = 0 (${model.augmentDims} extra dims)`,
    ...solverFields(model.solver),
    interval: `t: 0 → ${model.t1}`,
    gradient: gradientLabel(model.gradient),
  }],
};

const vaeProbe: Probe<VAE> = {
  forward: "reconstruct(x)",
  run: (model, b) => {
    const x = tf.randomUniform([b, model.inputSize], 0, 1, "float32", 1);
    return { inputs: { x }, output: { label: "p(x | z = µ)", tensor: model.reconstruct(x) } };
  },
  odeBlocks: () => [],
};

const FRAME_TIMES = times(0, 1.5, 16);

const odevaeProbe: Probe<ODEVAE> = {
  forward: "reconstruct(frames, t)",
  run: (model, b) => {
    const s = model.imageSize;
    const frames = tf.randomUniform([b, FRAME_TIMES.length, s, s, 1], 0, 1, "float32", 1);
    return {
      inputs: { frames },
      output: { label: "frames", tensor: model.reconstruct(frames, FRAME_TIMES) },
    };
  },
  odeBlocks: (model) => [{
    label: "ODE block",
    members: ["dynamics"],
    equation: "dz/dt = dynamics_w(z), z(0) ~ q(z0 | first frames)",
    ...solverFields(model.solver),
    interval: `t: ${FRAME_TIMES.length} frame times on [0, ${FRAME_TIMES.at(-1)}]`,
    gradient: "backprop through the steps",
    note: `Bayesian field: one w ~ q(w) per batch in training (the card uses the mean); ` +
      `KL(q(w) ‖ p(w)) / ${model.dataSize}`,
  }],
};

const SPIRAL_OBSERVED = times(0, 5, 30);
const SPIRAL_DENSE = times(0, 5, 100);

const latentOdeProbe: Probe<LatentODE> = {
  forward: "reconstruct(batch, t)",
  run: (model, b) => {
    const values = tf.randomNormal(
      [b, SPIRAL_OBSERVED.length, model.options.dataDim],
      0,
      1,
      "float32",
      1,
    );
    const batch = { values, times: Array.from({ length: b }, () => SPIRAL_OBSERVED) };
    return {
      inputs: { values },
      output: { label: "x̂", tensor: model.reconstruct(batch, SPIRAL_DENSE) },
    };
  },
  odeBlocks: (model): OdeBlockSpec[] => [
    model.gru
      ? {
        label: "ODE-RNN encoder",
        members: ["gru", "encoderField"],
        equation: "dh/dt = encoderField(h) between observations; h ← GRU(x, h) at each",
        solver: { method: "euler", substeps: model.options.encoderSubsteps },
        solverText: `euler, ${model.options.encoderSubsteps} steps per gap`,
        interval: `backward in time, from the last observation to t0 = ${model.options.t0}`,
        gradient: "backprop through the steps",
      }
      : {
        label: "interpolated-input encoder",
        members: ["encoderField"],
        equation: "dh/dt = encoderField([h, x̂(t)]), x̂ = linear interpolation of the observations",
        solver: { method: "euler", steps: model.options.encoderSteps },
        solverText: `euler, ${model.options.encoderSteps} steps per series`,
        interval: `forward in time, from t0 = ${model.options.t0} to the last observation`,
        gradient: "backprop through the steps",
      },
    {
      label: "latent ODE",
      members: ["latentField"],
      equation: "dz/dt = latentField(z), z(t0) ~ q(z0 | x)",
      solver: { method: "rk4", maxStep: model.options.latentStep, output: "cubic Hermite" },
      solverText: `rk4, step ≤ ${model.options.latentStep}, cubic Hermite between steps`,
      interval: `t: ${model.options.t0} → last requested time (${SPIRAL_DENSE.length} on [0, 5])`,
      gradient: "backprop through the steps",
    },
  ],
};

const odenetProbe: Probe<OdeNet> = {
  forward: "forward(x).logits",
  run: (model, b) => {
    const x = tf.randomUniform([b, 28, 28, model.down[0].inChannels], 0, 1, "float32", 1);
    return { inputs: { x }, output: { label: "logits", tensor: model.forward(x).logits } };
  },
  odeBlocks: (model) => [{
    label: "ODE block",
    members: ["field0", "fieldNorm0", "field1", "fieldNorm1"],
    equation: model.timeChannel
      ? "dh/dt = norm(conv([act(norm(conv([h, t]))), t]))"
      : "dh/dt = norm(conv(act(norm(conv(h)))))",
    ...solverFields(model.solver),
    interval: `t: 0 → ${model.endTime}`,
    gradient: gradientLabel(model.gradient),
  }],
};

const cnfProbe: Probe<CNF> = {
  forward: "logProb(x)",
  run: (model, b) => {
    const x = tf.randomNormal([b, model.dim], 0, 1, "float32", 1) as tf.Tensor2D;
    return { inputs: { x }, output: { label: "log p(x)", tensor: model.logProb(x) } };
  },
  odeBlocks: (model) => [{
    label: "ODE block",
    members: ["field"],
    equation: "d[z, Δ]/dt = [f(t, z), −Tr ∂f/∂z]",
    ...solverFields(model.solver),
    interval: `t: ${model.t1} → ${model.t0} (data → base)`,
    gradient: "backprop through the steps (gradients of gradients)",
    note: model.trace === "exact"
      ? "exact trace: one VJP per dimension, batched as one backward pass"
      : `Hutchinson trace estimate (${model.noise} probes)`,
  }],
};

/** The probe of a model, by class; undefined for a module the course does not ship. */
export function probeFor(model: Module): Probe | undefined {
  const table: [new (...args: never[]) => Module, Probe<never>][] = [
    [NeuralODE, nodeProbe],
    [BayesianNODE, bnnNodeProbe],
    [AugmentedNODE, anodeProbe],
    [VAE, vaeProbe],
    [ODEVAE, odevaeProbe],
    [LatentODE, latentOdeProbe],
    [OdeNet, odenetProbe],
    [CNF, cnfProbe],
  ];
  const hit = table.find(([cls]) => model instanceof cls);
  return hit?.[1] as Probe | undefined;
}
