/**
 * describeModel: a model's card from the model itself. The module tree comes from introspection
 * (introspect.ts), parameter counts from the actual variables, shapes and call counts from an
 * example forward pass run at two batch sizes (record_calls.ts: a dimension that scales with the
 * batch prints as "B" or "kB"), and the ODE blocks' settings from the model's solver options.
 */
import * as tf from "@tensorflow/tfjs";
import type { Module } from "../nn/module.ts";
import { descendants, moduleChildren, ownParameters } from "./introspect.ts";
import { activationOf, layoutOf } from "./layout.ts";
import { type OdeBlockSpec, probeFor } from "./probes.ts";
import { type CallRecord, recordCalls, type ShapeSlot, tensorSlots } from "./record_calls.ts";
import type { CardNode, ModelCard, Shape, TensorSlot, TrainingInfo } from "./types.ts";

export interface DescribeOptions {
  /** The model's course name ("vae-mnist"); default its class name. */
  name?: string;
  description?: string;
  /** From weights/manifest.json, when the model was shipped. */
  training?: TrainingInfo;
  /** Batch sizes of the two example passes (default [2, 3]). */
  batchSizes?: [number, number];
}

/** Thrown when a card cannot be made (e.g. the model's probe names a child it does not have). */
export class CardError extends Error {
  override name = "CardError";
}

/** Merges a shape seen at batch sizes b1 and b2 into one with "B" for batch-scaled dimensions. */
export function symbolicShape(a: number[], b: number[] | undefined, [b1, b2]: number[]): Shape {
  if (!b || a.length !== b.length) return [...a];
  return a.map((x, i) => {
    const y = b[i];
    if (x === y) return x;
    if (x % b1 === 0 && x / b1 === y / b2) return x / b1 === 1 ? "B" : `${x / b1}B`;
    return "?";
  });
}

function mergeSlots(a: ShapeSlot[], b: ShapeSlot[] | undefined, sizes: number[]): TensorSlot[] {
  return a.map((slot, i) => ({
    ...(slot.label !== undefined ? { label: slot.label } : {}),
    shape: symbolicShape(slot.shape, b?.[i]?.shape, sizes),
  }));
}

interface Pass {
  records: Map<Module, CallRecord>;
  inputs: ShapeSlot[];
  outputs: ShapeSlot[];
  odeBlocks: OdeBlockSpec[];
}

function runPass(model: Module, batch: number): Pass | undefined {
  const probe = probeFor(model);
  if (!probe) return undefined;
  let inputs: ShapeSlot[] = [];
  let outputs: ShapeSlot[] = [];
  const { records } = recordCalls(descendants(model), () =>
    tf.tidy(() => {
      const run = probe.run(model, batch);
      inputs = Object.entries(run.inputs).flatMap(([k, t]) => tensorSlots(t, k));
      outputs = tensorSlots(run.output.tensor, run.output.label);
    }));
  return { records, inputs, outputs, odeBlocks: probe.odeBlocks(model) };
}

function buildNode(
  module: Module,
  name: string,
  path: string,
  passes: Pass[],
  sizes: number[],
): CardNode {
  const kids = moduleChildren(module);
  const order = (m: Module) => passes[0]?.records.get(m)?.order ?? Number.POSITIVE_INFINITY;
  const children = [...kids]
    .sort((a, b) => order(a.module) - order(b.module))
    .map((k) => buildNode(k.module, k.name, path ? `${path}/${k.name}` : k.name, passes, sizes));
  const [first, second] = passes.map((p) => p.records.get(module));
  const node: CardNode = {
    name,
    path,
    kind: module.constructor.name,
    calls: first?.calls ?? 0,
    params: module.parameterCount(),
    ownParams: ownParameters(module, kids),
    children,
  };
  const layout = layoutOf(module);
  const activation = activationOf(module);
  if (layout) node.layout = layout;
  if (activation) node.activation = activation;
  if (first) {
    node.inputs = mergeSlots(first.inputs, second?.inputs, sizes);
    node.outputs = mergeSlots(first.outputs, second?.outputs, sizes);
  }
  return node;
}

/** Replaces the root's children named in each spec by one "ODE block" node holding them. */
function groupOdeBlocks(root: CardNode, specs: OdeBlockSpec[]): void {
  for (const { label, members, ...ode } of specs) {
    const inside = root.children.filter((c) => members.includes(c.name));
    if (inside.length === 0) {
      throw new CardError(
        `card of ${root.kind}: its ODE block "${label}" names ${members.join(", ")}, but the ` +
          `model's children are ${root.children.map((c) => c.name).join(", ")}`,
      );
    }
    const at = root.children.indexOf(inside[0]);
    const state = inside[inside.length - 1].outputs;
    const block: CardNode = {
      name: label,
      path: `[${label}]`,
      kind: "ODE block",
      calls: Math.max(...inside.map((c) => c.calls)),
      params: inside.reduce((n, c) => n + c.params, 0),
      ownParams: [],
      children: inside,
      ode,
      ...(state ? { inputs: state, outputs: state } : {}),
    };
    root.children = root.children.filter((c) => !inside.includes(c));
    root.children.splice(at, 0, block);
  }
}

/** The card of `model`, computed from the model (it is left unchanged). */
export function describeModel(model: Module, options: DescribeOptions = {}): ModelCard {
  const sizes = options.batchSizes ?? [2, 3];
  const passes = sizes.map((b) => runPass(model, b)).filter((p): p is Pass => p !== undefined);
  const root = buildNode(model, options.name ?? model.constructor.name, "", passes, sizes);
  if (passes.length > 0) {
    root.inputs = mergeSlots(passes[0].inputs, passes[1]?.inputs, sizes);
    root.outputs = mergeSlots(passes[0].outputs, passes[1]?.outputs, sizes);
    groupOdeBlocks(root, passes[0].odeBlocks);
  }
  const card: ModelCard = {
    name: options.name ?? model.constructor.name,
    kind: model.constructor.name,
    batchSizes: passes.length > 0 ? sizes : [],
    totalParams: model.parameters().reduce((n, v) => n + v.size, 0),
    variables: model.parameters().length,
    root,
  };
  const probe = probeFor(model);
  if (probe) card.forward = probe.forward;
  if (options.description) card.description = options.description;
  if (options.training) card.training = options.training;
  return card;
}

/** Every node of a card, depth first (the root first). */
export function cardNodes(card: ModelCard): CardNode[] {
  const out: CardNode[] = [];
  const walk = (n: CardNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(card.root);
  return out;
}
