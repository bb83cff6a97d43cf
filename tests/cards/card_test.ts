/**
 * Model cards: the parameter counts are those of the model's variables, the shapes are what a
 * forward pass produces, describing leaves the model untouched, and the renderers show it all.
 */
import assert from "node:assert/strict";
import {
  cardNodes,
  descendants,
  describeModel,
  moduleChildren,
  renderCardSvg,
  renderCardText,
  symbolicShape,
} from "../../lib/cards/mod.ts";
import type { CardNode, ModelCard, Shape } from "../../lib/cards/mod.ts";
import { AugmentedNODE } from "../../lib/models/anode.ts";
import { BayesianNODE } from "../../lib/models/bnn_node.ts";
import { CNF } from "../../lib/models/cnf.ts";
import { LinearField } from "../../lib/nn/time_fields.ts";
import { NeuralODE } from "../../lib/models/node.ts";
import { OdeNet } from "../../lib/models/odenet.ts";
import { VAE } from "../../lib/models/vae.ts";
import { MLP } from "../../lib/nn/mlp.ts";
import type { Module } from "../../lib/nn/module.ts";
import { RECIPES } from "../../scripts/recipes/mod.ts";
import { CARD_MODELS, modelCard, UnknownModelError } from "../../scripts/cards/models.ts";
import { readManifest } from "../../scripts/weights_manifest.ts";
import { expectNoLeak, tf } from "../_setup.ts";

const manifest = await readManifest();

/** The course's models as shipped (recipe architecture), keyed by name. */
function build(name: string): Module {
  return name === "bnn-node" ? new BayesianNODE({ seed: 0 }) : RECIPES[name].build(0);
}

/** The module at a card path ("encoder/conv0"), found by walking the model's children. */
function moduleAt(model: Module, path: string): Module {
  let m = model;
  let rest = path;
  while (rest) {
    const child = moduleChildren(m).find((c) => rest === c.name || rest.startsWith(`${c.name}/`));
    assert.ok(child, `no module at ${path}`);
    m = child.module;
    rest = rest.slice(child.name.length + 1);
  }
  return m;
}

const concrete = (shape: Shape, b: number) =>
  shape.map((d) => typeof d === "number" ? d : d === "B" ? b : Number(d.slice(0, -1)) * b);

function moduleNodes(card: ModelCard): CardNode[] {
  return cardNodes(card).filter((n) => n.kind !== "ODE block" && n !== card.root);
}

Deno.test("cards: every course model has a card; parameter counts are the variables' sizes", () => {
  assert.equal(CARD_MODELS.length, 8);
  for (const name of CARD_MODELS) {
    const model = build(name);
    const card = describeModel(model, { name });
    const sizes = model.parameters().map((v) => v.size);
    const total = sizes.reduce((a, b) => a + b, 0);
    assert.equal(card.totalParams, total, name);
    assert.equal(card.root.params, total, name);
    assert.equal(card.variables, sizes.length, name);
    // Each variable appears exactly once, under its module's path, with its real shape.
    const listed = Object.fromEntries(
      cardNodes(card).flatMap((n) =>
        n.ownParams.map((p) => [n.path ? `${n.path}/${p.name}` : p.name, p.shape])
      ),
    );
    const actual = Object.fromEntries(
      Object.entries(model.namedParameters()).map(([k, v]) => [k, v.shape]),
    );
    assert.deepEqual(listed, actual, name);
    // A node's count is its own variables plus its children's.
    for (const n of cardNodes(card)) {
      const own = n.ownParams.reduce((a, p) => a + p.size, 0);
      const kids = n.children.reduce((a, c) => a + c.params, 0);
      assert.equal(n.params, own + kids, `${name}: ${n.path || "root"}`);
    }
    model.dispose();
  }
});

Deno.test("cards: shapes agree with a forward pass of the model and of each module", () => {
  for (const name of CARD_MODELS) {
    const model = build(name);
    const card = describeModel(model, { name, batchSizes: [2, 3] });
    assert.ok(card.root.outputs && card.root.outputs.length > 0, `${name}: no output recorded`);
    for (const n of cardNodes(card)) {
      for (const slot of [...(n.inputs ?? []), ...(n.outputs ?? [])]) {
        assert.ok(!slot.shape.includes("?"), `${name} ${n.path}: unresolved shape`);
      }
    }
    // Each module with an apply(x) gives the recorded output for an input of the recorded shape.
    let checked = 0;
    for (const node of moduleNodes(card)) {
      const m = moduleAt(model, node.path) as Module & { apply?: (x: tf.Tensor) => tf.Tensor };
      // One tensor in, one out (ConvEncoder's recorded call is encode → {mean, logVar}, not apply).
      if (typeof m.apply !== "function" || node.inputs?.length !== 1) continue;
      if (node.outputs?.length !== 1) continue;
      for (const b of [2, 5]) {
        const shape = tf.tidy(() => m.apply!(tf.zeros(concrete(node.inputs![0].shape, b))).shape);
        assert.deepEqual(shape, concrete(node.outputs![0].shape, b), `${name} ${node.path} B=${b}`);
      }
      checked++;
    }
    if (name !== "bnn-node") assert.ok(checked > 0, `${name}: no module checked`);
    model.dispose();
  }
});

Deno.test("cards: root shapes match a direct forward pass at a third batch size", () => {
  const b = 4;
  const t = Array.from({ length: 10 }, (_, i) => (i * 10) / 49);
  const cases: [string, Module, () => number[]][] = [];
  const vae = RECIPES["vae-mnist"].build(0) as VAE;
  cases.push(["vae-mnist", vae, () => vae.reconstruct(tf.zeros([b, 784])).shape]);
  const node = RECIPES["node-vdp"].build(0) as NeuralODE;
  cases.push(["node-vdp", node, () => node.predict(tf.zeros([b, 2]), t).shape]);
  const odenet = RECIPES["odenet-mnist"].build(0) as OdeNet;
  cases.push(["odenet-mnist", odenet, () => odenet.predict(tf.zeros([b, 28, 28, 1])).shape]);
  const cnf = RECIPES["cnf-circles"].build(0) as CNF;
  cases.push(["cnf-circles", cnf, () => cnf.logProb(tf.zeros([b, 2]) as tf.Tensor2D).shape]);
  const anode = RECIPES["anode-toy"].build(0) as AugmentedNODE;
  cases.push(["anode-toy", anode, () => anode.forward(tf.zeros([b, 1])).shape]);
  for (const [name, model, direct] of cases) {
    const card = describeModel(model, { name });
    const expected = tf.tidy(direct);
    assert.deepEqual(concrete(card.root.outputs![0].shape, b), expected, name);
    model.dispose();
  }
});

Deno.test("cards: the ODE block carries the model's own solver settings and NFE", () => {
  const odenet = new OdeNet({ solver: { method: "rk4", stepSize: 0.25 }, channels: 8 });
  const card = describeModel(odenet, { name: "odenet" });
  const block = card.root.children.find((n) => n.kind === "ODE block")!;
  assert.deepEqual(block.ode!.solver, { method: "rk4", stepSize: 0.25 });
  assert.deepEqual(block.children.map((c) => c.name), [
    "field0",
    "fieldNorm0",
    "field1",
    "fieldNorm1",
  ]);
  // rk4 with step 0.25 on [0, 1]: 4 steps × 4 evaluations, each one call of every field part.
  assert.equal(block.calls, 16);
  assert.equal(odenet.lastStats.nfe, 16);
  // The data path comes out in the order the forward pass uses it.
  assert.deepEqual(card.root.children.map((c) => c.name), [
    "down0",
    "downNorm0",
    "down1",
    "downNorm1",
    "ODE block",
    "outNorm",
    "head",
  ]);
  odenet.dispose();

  const node = new NeuralODE({ solver: { method: "dopri5", rtol: 1e-4, atol: 1e-5 } });
  const nodeCard = describeModel(node);
  const ode = nodeCard.root.children[0].ode!;
  assert.equal(ode.solverText, "dopri5, rtol 0.0001, atol 0.00001");
  node.dispose();
});

Deno.test("cards: describing leaves the model as it was and leaks no tensors", async () => {
  const model = RECIPES["odevae-rotmnist"].build(0);
  const modules = [model, ...descendants(model)];
  const keysBefore = modules.map((m) => Object.keys(m).sort());
  await expectNoLeak(() => describeModel(model), "describeModel");
  assert.deepEqual(modules.map((m) => Object.keys(m).sort()), keysBefore, "a wrapper was left");
  model.dispose();
});

Deno.test("cards: a module without a probe still gets its tree and counts", () => {
  const field = new LinearField([[0, 1], [-1, 0]]);
  const mlp = new MLP([3, 4, 2]);
  const card = describeModel(field);
  assert.equal(card.totalParams, 4);
  assert.deepEqual(card.root.ownParams, [{ name: "A", shape: [2, 2], size: 4 }]);
  assert.equal(card.forward, undefined);
  assert.match(renderCardText(card), /no example forward pass/);
  assert.equal(describeModel(mlp).totalParams, 3 * 4 + 4 + 4 * 2 + 2);
  field.dispose();
  mlp.dispose();
});

Deno.test("cards: symbolic shapes", () => {
  assert.deepEqual(symbolicShape([2, 784], [3, 784], [2, 3]), ["B", 784]);
  assert.deepEqual(symbolicShape([32, 8], [48, 8], [2, 3]), ["16B", 8]);
  assert.deepEqual(symbolicShape([5, 8], [6, 8], [2, 3]), ["?", 8]);
  assert.deepEqual(symbolicShape([1, 1], [1, 1], [2, 3]), [1, 1]);
});

Deno.test("cards: an unknown model is refused with the list of valid names", async () => {
  await assert.rejects(() => modelCard("resnet"), (e: unknown) => {
    assert.ok(e instanceof UnknownModelError);
    for (const name of CARD_MODELS) assert.match(e.message, new RegExp(name));
    return true;
  });
});

Deno.test("cards: an OdeNet without norms has an ODE block of its two convs", () => {
  const plain = new OdeNet({ norm: "none", channels: 4 });
  const card = describeModel(plain);
  const block = card.root.children.find((n) => n.kind === "ODE block")!;
  assert.deepEqual(block.children.map((c) => c.name), ["field0", "field1"]);
  assert.equal(block.params, 2 * (3 * 3 * 5 * 4 + 4));
  plain.dispose();
});

Deno.test("cards: shipped models carry their manifest record; the text card shows it", async () => {
  const card = await modelCard("vae-mnist", { manifest });
  const entry = manifest.models["vae-mnist"];
  assert.ok(entry, "vae-mnist is shipped");
  assert.equal(card.training?.command, entry.command);
  assert.deepEqual(card.training?.metrics, entry.metrics);
  const text = renderCardText(card);
  assert.match(text, /├─ encoder +MLP +784→512→256→40 +elu +\[B,784\] → \[B,40\] +1 +543,528/);
  assert.match(text, /└─ decoder/);
  assert.match(text, new RegExp(`total: ${card.totalParams.toLocaleString("en-US")} parameters`));
  assert.ok(text.includes(entry.command));
  const bnn = await modelCard("bnn-node", { manifest });
  assert.equal(bnn.training, undefined);
  assert.match(renderCardText(bnn), /no shipped weights/);
});

/** Every opened tag is closed, in order (enough to catch broken generated markup). */
function assertBalanced(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, tag, self] = m;
    if (self) continue;
    if (close) assert.equal(stack.pop(), tag, `</${tag}> closes the wrong element`);
    else stack.push(tag);
  }
  assert.deepEqual(stack, []);
}

Deno.test("cards: the SVG is well-formed, escaped, and marks the ODE block", async () => {
  for (const name of CARD_MODELS) {
    const card = await modelCard(name, { manifest });
    const svg = renderCardSvg(card);
    assertBalanced(svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
    for (const node of moduleNodes(card)) assert.ok(svg.includes(`>${node.name}<`), node.path);
    const hasOde = card.root.children.some((n) => n.ode);
    assert.equal(svg.includes("stroke-dasharray"), hasOde, name);
    assert.ok(!/<text[^>]*>[^<]*[<>&][^<]*<\/text>/.test(svg.replace(/&(amp|lt|gt|quot);/g, "")));
  }
  const odd = describeModel(new MLP([2, 2]), { name: "a<b & c" });
  const svg = renderCardSvg(odd);
  assert.ok(svg.includes("a&lt;b &amp; c"));
  assertBalanced(svg);
});
