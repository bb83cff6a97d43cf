/**
 * Exercise 9: the ODE-VAE's ELBO. Checked on numbers worked out by hand (logits 0 give log 2 per
 * pixel), on the minibatch scaling (N sequences share the weights' KL: the batch pays 1/N of it
 * per sequence, whatever the batch size), and against an ODE-VAE's own loss.
 */
import { odeVaeLoss } from "./ode_vae_loss.ts";
import { ODEVAE } from "../../lib/models/odevae.ts";
import { reparameterize } from "../../lib/prob/likelihoods.ts";
import { expectClose, expectNoLeak, expectTrue, seededTensor, take, tf } from "../_kit/testing.ts";

Deno.test("task 9.1 odeVaeLoss adds −reconstruction, KL(z0) and KL(w)/N, worked out by hand", () => {
  // 2 sequences × 3 frames × 2×2 pixels, logits 0: log p = −log 2 per pixel, 12 pixels each.
  const frames = tf.tidy(() =>
    tf.cast(tf.greater(seededTensor([2, 3, 2, 2, 1], 3, 0, 1), 0.5), "float32")
  );
  const logits = tf.zeros([2, 3, 2, 2, 1]);
  const mean = tf.tensor2d([[1, 0], [0, 0]]);
  const logVar = tf.zeros([2, 2]);
  const klW = tf.scalar(50);
  const ctx = {
    call: "odeVaeLoss(frames [2, 3, 2, 2, 1], logits = 0, mean = [[1, 0], [0, 0]], logVar = 0, " +
      "KL(w) = 50, N = 100)",
    likelyCause: "loss = klZ0 − reconstruction + KL(w)/N, each data term averaged over the batch",
  };
  const parts = expectNoLeak(
    () => odeVaeLoss(frames, logits, mean, logVar, klW, 100),
    () => 4,
    ctx,
  );
  const rec = -12 * Math.log(2);
  expectClose(parts.terms?.reconstruction ?? NaN, rec, {
    ...ctx,
    call: `${ctx.call}: reconstruction`,
  });
  expectClose(parts.terms?.klZ0 ?? NaN, 0.25, { ...ctx, call: `${ctx.call}: klZ0 (batch mean)` });
  expectClose(parts.terms?.klW ?? NaN, 0.5, { ...ctx, call: `${ctx.call}: klW = KL(w)/N` });
  expectClose(parts.loss, 0.25 - rec + 0.5, { ...ctx, call: `${ctx.call}: loss` });
  tf.dispose([frames, logits, mean, logVar, klW, parts.loss]);
});

Deno.test("task 9.1 odeVaeLoss: N sequences in batches of any size pay the weights' KL once", () => {
  // Splitting 4 sequences into batches of 1, 2, 4: Σ over batches of (batch size)·loss is the
  // data set's −ELBO, the same every way, with KL(w) counted exactly once.
  const frames = seededTensor([4, 2, 3, 3, 1], 5, 0, 1);
  const logits = seededTensor([4, 2, 3, 3, 1], 6, -2, 2);
  const mean = seededTensor([4, 2], 7);
  const logVar = seededTensor([4, 2], 8, -1, 0.5);
  const klW = tf.scalar(3.7);
  const total = (size: number) => {
    let sum = 0;
    for (let i = 0; i < 4; i += size) {
      const slice = (x: tf.Tensor) => tf.slice(x, [i], [size]);
      const { loss } = odeVaeLoss(slice(frames), slice(logits), slice(mean), slice(logVar), klW, 4);
      sum += size * take(loss)[0];
    }
    return sum;
  };
  const [one, two, four] = [1, 2, 4].map(total);
  expectClose([one, two], [four, four], {
    call: "4 sequences, N = 4: Σ over batches of (batch size)·odeVaeLoss, batches of 1, 2 and 4",
    likelyCause: "average the data terms over the batch and divide KL(w) by N (not by the " +
      "batch size)",
  }, { rtol: 1e-4 });
  tf.dispose([frames, logits, mean, logVar, klW]);
});

Deno.test("task 9.1 odeVaeLoss on an ODE-VAE's pieces equals the model's loss", () => {
  const model = new ODEVAE({
    latentSize: 2,
    encoderFrames: 2,
    fieldHidden: [6],
    encoderChannels: [2],
    decoderChannels: [2],
    imageSize: 8,
    dataSize: 10,
    seed: 2,
  });
  const frames = seededTensor([2, 4, 8, 8, 1], 9, 0, 1);
  const times = [0, 0.1, 0.2, 0.3];
  const seed = 12;
  const want = model.loss(frames, times, { seed });
  const f = model.dynamics.drawF(seed + 1);
  const got = tf.tidy(() => {
    const { mean, logVar } = model.encode(frames);
    const z0 = reparameterize(mean, logVar, seed);
    const logits = model.decode(model.latentPath(f, z0, times));
    const { loss } = odeVaeLoss(frames, logits, mean, logVar, model.dynamics.kl(), model.dataSize);
    return loss;
  });
  f.dispose();
  expectClose(got, want.loss, {
    call: "odeVaeLoss on a small ODE-VAE's encoder, latent path and decoder vs ODEVAE.loss",
  }, { rtol: 1e-4 });
  expectTrue(Number.isFinite(take(got)[0]), { call: "odeVaeLoss" }, "the loss is not finite");
  tf.dispose([frames, want.loss]);
  model.dispose();
});
