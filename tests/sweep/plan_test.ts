/**
 * Sweep plans: hyperparameter names and values are checked (and refused with the valid ones),
 * grids are full products, random plans are seeded, distinct and inside their ranges.
 */
import assert from "node:assert/strict";
import {
  gridPlan,
  parseAxes,
  randomPlan,
  settingsKey,
  variedKey,
} from "../../scripts/sweep/plan.ts";
import {
  allParameters,
  type Hyperparameter,
  parseValue,
  SweepArgumentError,
} from "../../scripts/sweep/space.ts";
import { SPACES } from "../../scripts/sweep/spaces/mod.ts";
import { VAE_MNIST_CONFIG } from "../../lib/zoo/vae_mnist.ts";

const vae = SPACES["vae-mnist"];
const params = allParameters(vae, 500);

Deno.test("sweep plan: an unknown hyperparameter is refused with the list of valid ones", () => {
  assert.throws(() => parseAxes(params, ["latnet=2,8"], "vae-mnist"), (e: unknown) => {
    assert.ok(e instanceof SweepArgumentError);
    assert.match(e.message, /unknown hyperparameter "latnet" for vae-mnist/);
    for (const p of params) assert.match(e.message, new RegExp(`\\n  ${p.name} +`));
    assert.match(e.message, /latent +int in \[1, 64\]/);
    return true;
  });
});

Deno.test("sweep plan: bad values are refused with the valid range", () => {
  const bad = [
    ["latent=0,8", /latent=0 is not valid: latent is int in \[1, 64\]/],
    ["latent=2.5", /latent=2.5 is not valid/],
    ["lr=fast", /lr=fast is not valid: lr is float in \[0.0001, 0.03\] \(log scale\)/],
    ["lr=1", /lr=1 is not valid/],
    ["lr=", /lr= is not valid/],
    ["steps=-3", /steps=-3 is not valid/],
    ["latent", /is not key=v1,v2/],
    ["latent=2,2", /repeats a value/],
  ] as const;
  for (const [spec, message] of bad) {
    assert.throws(() => parseAxes(params, [spec], "vae-mnist"), message, spec);
  }
  assert.throws(() => parseAxes(params, ["lr=1e-3", "lr=2e-3"], "vae-mnist"), /given twice/);
  const choice: Hyperparameter = {
    name: "act",
    description: "",
    type: "choice",
    choices: ["elu", "relu"],
    default: "elu",
  };
  assert.equal(parseValue(choice, "relu"), "relu");
  assert.throws(() => parseValue(choice, "tanh"), /act is one of elu, relu/);
});

Deno.test("sweep plan: a grid is every combination, first axis slowest, defaults elsewhere", () => {
  const axes = parseAxes(params, ["latent=2,8,20", "lr=1e-3,3e-3"], "vae-mnist");
  const plan = gridPlan(params, axes);
  assert.equal(plan.length, 6);
  assert.deepEqual(plan.map((s) => [s.latent, s.lr]), [
    [2, 1e-3],
    [2, 3e-3],
    [8, 1e-3],
    [8, 3e-3],
    [20, 1e-3],
    [20, 3e-3],
  ]);
  for (const s of plan) {
    assert.equal(s.hidden, VAE_MNIST_CONFIG.hidden[0]);
    assert.equal(s.batch, 128);
    assert.equal(s.steps, 500);
  }
  assert.equal(
    settingsKey(params, plan[3]),
    `latent=8 hidden=${VAE_MNIST_CONFIG.hidden[0]} lr=0.003 batch=128 steps=500`,
  );
  assert.equal(variedKey(params, plan, plan[3]), "latent=8 lr=0.003");
  assert.throws(() => gridPlan(params, {}), /--grid needs at least one key=v1,v2/);
  assert.throws(
    () => gridPlan(params, parseAxes(params, ["lr=1e-4:1e-2"], "vae-mnist")),
    /ranges are for --random/,
  );
});

Deno.test("sweep plan: random search is seeded, distinct and inside its ranges", () => {
  const axes = parseAxes(params, ["lr=1e-4:1e-2", "latent=2,8,20"], "vae-mnist");
  const a = randomPlan(params, axes, 8, 7);
  const b = randomPlan(params, axes, 8, 7);
  const c = randomPlan(params, axes, 8, 8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(new Set(a.map((s) => settingsKey(params, s))).size, 8);
  for (const s of a) {
    assert.ok((s.lr as number) >= 1e-4 && (s.lr as number) <= 1e-2, `lr ${s.lr}`);
    assert.ok([2, 8, 20].includes(s.latent as number));
    assert.equal(s.hidden, VAE_MNIST_CONFIG.hidden[0]); // not named: kept at the default
  }
  // Log-uniform: about as many draws below √(1e-4·1e-2) = 1e-3 as above.
  const many = randomPlan(params, parseAxes(params, ["lr=1e-4:1e-2"], "vae-mnist"), 200, 1);
  const below = many.filter((s) => (s.lr as number) < 1e-3).length;
  assert.ok(below > 70 && below < 130, `${below} of 200 below the geometric mean`);
  // Nothing named: every hyperparameter but steps varies, each within its valid range.
  for (const s of randomPlan(params, {}, 20, 3)) {
    for (const p of params) {
      const v = s[p.name] as number;
      assert.ok(v >= p.min! && v <= p.max!, `${p.name}=${v}`);
      if (p.type === "int") assert.ok(Number.isInteger(v));
    }
    assert.equal(s.steps, 500);
  }
  assert.throws(() => randomPlan(params, {}, 0, 1), /--random needs a whole number/);
});
