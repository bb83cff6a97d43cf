/**
 * The data of lecture 6's "More views of the block" figures (site/src/lectures/06-odenet/
 * training_data.ts), checked in Deno (no browser) with the shipped odenet-mnist on
 * official test digits: the block's states (‖h(t)‖ on the time grid, h(1), the predicted
 * class), the t-SNE map (shape, determinism, its own seeded generator), the norm summary, and
 * the training history — rows in increasing step and the plotted values the file's own.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { expectNoLeak, tf } from "../_setup.ts";
import { mnistTensors, splitMnist } from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { loadModuleWeights } from "../../lib/io/weights.ts";
import { odenetMnist } from "../../scripts/recipes/odenet_mnist.ts";
import {
  BLOCK_STRIDE,
  blockPositions,
  blockStates,
  HISTORY_COMMAND,
  HISTORY_FILE,
  historySeries,
  historySummary,
  mapSummary,
  NORM_TIMES,
  normSummary,
  parseHistory,
  quantile,
  timeGrid,
  TSNE_OPTIONS,
  tsneMap,
} from "../../site/src/lectures/06-odenet/training_data.ts";

const ROOT = new URL("../../", import.meta.url);
/** The first DIGITS of the figures' digits (the figures use all 1,000; the checks need fewer). */
const DIGITS = 200;

const model = odenetMnist.build(0);
await loadModuleWeights(
  model,
  new URL("weights/odenet-mnist", ROOT).pathname,
  "odenet-mnist",
  (p) => Deno.readFile(p),
);
const data = loadMnist();
const test = splitMnist(data).test;
const positions = blockPositions(test.length);
const indices = positions.slice(0, DIGITS).map((k) => test[k]);
const times = timeGrid(model.endTime);
const states = await expectNoLeak(
  () => blockStates(model, data, indices, times),
  "blockStates",
);

Deno.test("the figures' digits: every 10th official test digit, 1,000 of them", () => {
  assert.equal(positions.length, test.length / BLOCK_STRIDE);
  assert.equal(positions.length, 1000);
  positions.forEach((k, i) => assert.equal(k, i * BLOCK_STRIDE));
});

Deno.test("block states: ‖h(t)‖ finite for every time of the grid, h(1) whole", () => {
  assert.equal(times.length, NORM_TIMES);
  assert.equal(times[0], 0);
  assert.equal(times[times.length - 1], model.endTime);
  assert.equal(states.norms.length, times.length);
  for (const row of states.norms) {
    assert.equal(row.length, DIGITS);
    assert.ok(row.every((v) => Number.isFinite(v) && v > 0), "norms finite and positive");
  }
  assert.equal(states.final.length, DIGITS);
  const size = model.channels * 7 * 7;
  assert.ok(states.final.every((h) => h.length === size), `h(1) has ${size} numbers`);
  // The last norm is the norm of h(1).
  states.final.forEach((h, i) => {
    const norm = Math.hypot(...h);
    const recorded = states.norms[times.length - 1][i];
    assert.ok(Math.abs(norm - recorded) <= 1e-4 * norm, `digit ${i}: ${norm} vs ${recorded}`);
  });
  assert.deepEqual(states.labels, indices.map((i) => data.labels[i]));
});

Deno.test("block states: the predicted classes are the model's forward pass", () => {
  const { images, labels } = mnistTensors(data, indices.slice(0, 20), "image");
  const predicted = tf.tidy(() =>
    tf.argMax(model.forward(images).logits, 1).arraySync() as number[]
  );
  tf.dispose([images, labels]);
  assert.deepEqual(predicted, states.predicted.slice(0, 20));
  const accuracy = states.predicted.filter((p, i) => p === states.labels[i]).length / DIGITS;
  assert.ok(accuracy >= 0.95, `accuracy on these digits ${accuracy}`);
});

Deno.test("block states: times that do not span the block fail clearly", () => {
  assert.throws(
    () => blockStates(model, data, indices.slice(0, 2), [0, 0.5]),
    /times must run from 0 to the block's end time 1/,
  );
});

Deno.test("t-SNE of h(1): one 2-D point per digit, the same map every time, own generator", () => {
  const random = Math.random;
  // The library seeds its own generator: a call to Math.random would make the map vary.
  Math.random = () => {
    throw new Error("t-SNE called Math.random");
  };
  try {
    const a = tsneMap(states.final);
    const b = tsneMap(states.final);
    assert.equal(a.length, DIGITS);
    assert.ok(a.every((p) => p.length === 2 && p.every(Number.isFinite)));
    assert.deepEqual(a, b, "same seed, same map");
    const c = tsneMap(states.final, { ...TSNE_OPTIONS, seed: TSNE_OPTIONS.seed + 1 });
    assert.notDeepEqual(a, c, "the seed matters");
    // The map keeps the classes apart: most digits' nearest neighbour is of their class.
    const m = mapSummary(a, states.labels, states.predicted);
    assert.equal(m.digits, DIGITS);
    assert.ok(m.sameClassShare >= 0.8, `same-class nearest neighbours ${m.sameClassShare}`);
    assert.ok(m.wrongWithPredicted <= m.wrong);
  } finally {
    Math.random = random;
  }
  assert.throws(() => tsneMap(states.final.slice(0, 50)), /too few for perplexity 30/);
});

Deno.test("norm summary: mean, band and growth from the recorded norms", () => {
  const s = normSummary(states);
  assert.equal(s.overall.length, NORM_TIMES);
  s.overall.forEach((o, k) => {
    const row = states.norms[k];
    const mean = row.reduce((x, y) => x + y, 0) / row.length;
    assert.ok(Math.abs(o.mean - mean) <= 1e-9 * mean);
    assert.ok(o.lo <= o.mean && o.mean <= o.hi, `t = ${o.t}: band around the mean`);
    assert.equal(o.t, times[k]);
  });
  assert.equal(s.perClass.length, 10 * NORM_TIMES);
  assert.ok(s.perClass.every((p) => Number.isFinite(p.mean)));
  const growth = states.norms[0].map((n0, i) => states.norms[NORM_TIMES - 1][i] / n0);
  assert.ok(Math.abs(s.growth - growth.reduce((a, b) => a + b) / DIGITS) <= 1e-9);
  assert.equal(s.grew, growth.filter((g) => g > 1).length);
  assert.deepEqual(s.classGrowth.map((c) => c.growth), s.classGrowth.map((c) => c.growth).sort());
  // Quantiles: linear interpolation between order statistics.
  assert.equal(quantile([1, 2, 3, 4, 5], 0.5), 3);
  assert.equal(quantile([0, 10], 0.1), 1);
});

const manifest = JSON.parse(Deno.readTextFileSync(new URL("weights/manifest.json", ROOT)));
const listed = "history.json" in (manifest.models["odenet-mnist"]?.files ?? {});

Deno.test({
  name: `training history (${HISTORY_FILE}): rows in increasing step, plotted values the file's`,
  // Listed in the manifest once `deno task train odenet-mnist` has recorded it.
  ignore: !listed,
  fn() {
    assert.ok(existsSync(new URL(HISTORY_FILE, ROOT)), `${HISTORY_FILE} is listed but missing`);
    const text = Deno.readTextFileSync(new URL(HISTORY_FILE, ROOT));
    const raw = JSON.parse(text);
    const history = parseHistory(text);
    assert.equal(raw.model, "odenet-mnist");
    const steps = raw.rows.map((r: { step: number }) => r.step);
    steps.slice(1).forEach((s: number, i: number) => assert.ok(s > steps[i], `step ${s}`));
    assert.equal(steps[steps.length - 1], raw.steps, "the last row is the last step");
    const { nfe, loss } = historySeries(history);
    assert.equal(nfe.length, raw.rows.length);
    raw.rows.forEach((row: Record<string, number>, i: number) => {
      assert.deepEqual(nfe[i], { step: row.step, epoch: row.epoch, value: row["dopri5 NFE"] });
      assert.deepEqual(loss[i], { step: row.step, epoch: row.epoch, value: row["cross-entropy"] });
      assert.ok(Number.isInteger(row["dopri5 NFE"]) && row["dopri5 NFE"] >= 8);
    });
  },
});

Deno.test("parseHistory: a missing or malformed file names the file and the command", () => {
  const row = (step: number) => ({
    step,
    epoch: step / 1000,
    "cross-entropy": 0.1,
    "dopri5 NFE": 20,
    "hidden norm": 1.2,
  });
  const file = (rows: unknown[]) => JSON.stringify({ every: 250, rows });
  const command = HISTORY_COMMAND.replaceAll(" ", "\\s");
  assert.throws(
    () => parseHistory(undefined),
    new RegExp(`${HISTORY_FILE} is missing.*${command}`),
  );
  assert.throws(() => parseHistory("{"), /is not JSON/);
  assert.throws(() => parseHistory(file([row(250)])), /no rows \(at least 2/);
  assert.throws(
    () => parseHistory(file([row(500), row(250)])),
    /step 250 does not follow step 500/,
  );
  assert.throws(
    () => parseHistory(file([row(250), { ...row(500), "dopri5 NFE": null }])),
    /row 1 \(step 500\): "dopri5 NFE" is null/,
  );
  const ok = parseHistory(file([row(250), row(500)]));
  assert.deepEqual(historySeries(ok).nfe.map((p) => p.value), [20, 20]);
  // The summary: the first row from which the NFE stays at its final value.
  const rising = parseHistory(file([{ ...row(250), "dopri5 NFE": 14 }, row(500), row(750)]));
  const summary = historySummary(rising);
  assert.equal(summary.settled.step, 500);
  assert.deepEqual([summary.nfeMin, summary.nfeMax, summary.steps], [14, 20, 750]);
});
