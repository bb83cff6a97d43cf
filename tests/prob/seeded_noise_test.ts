/**
 * Every integer seed, 0 included, must give the same noise on every call (tf.randomNormal alone
 * treats seed 0 as unseeded), and different seeds must give different noise.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import "../_setup.ts";
import { reparameterize } from "../../lib/prob/likelihoods.ts";
import { standardNormal } from "../../lib/prob/normal_noise.ts";
import { BayesianMLP } from "../../lib/nn/bnn.ts";

function values(make: () => tf.Tensor): number[] {
  const t = make();
  try {
    return Array.from(t.dataSync());
  } finally {
    t.dispose();
  }
}

Deno.test("standardNormal: seed 0 is reproducible and differs from seeds 1 and unseeded", () => {
  const a = values(() => standardNormal([64], 0));
  const b = values(() => standardNormal([64], 0));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, values(() => standardNormal([64], 1)));
  // Unseeded draws differ from call to call.
  assert.notDeepEqual(values(() => standardNormal([64])), values(() => standardNormal([64])));
});

Deno.test("standardNormal: non-zero seeds keep tfjs's own stream", () => {
  const ours = values(() => standardNormal([16], 7));
  const tfjs = values(() => tf.randomNormal([16], 0, 1, "float32", 7));
  assert.deepEqual(ours, tfjs);
});

Deno.test("reparameterize and BayesianMLP.drawF are reproducible with seed 0", () => {
  const mean = tf.zeros([4, 3]);
  const logVar = tf.zeros([4, 3]);
  try {
    assert.deepEqual(
      values(() => reparameterize(mean, logVar, 0)),
      values(() => reparameterize(mean, logVar, 0)),
    );
  } finally {
    tf.dispose([mean, logVar]);
  }
  const bnn = new BayesianMLP([2, 8, 2], { seed: 3 });
  const x = tf.ones([5, 2]);
  try {
    const run = () =>
      values(() => {
        const f = bnn.drawF(0);
        try {
          return f(0, x);
        } finally {
          f.dispose();
        }
      });
    assert.deepEqual(run(), run());
  } finally {
    x.dispose();
    bnn.dispose();
  }
});
