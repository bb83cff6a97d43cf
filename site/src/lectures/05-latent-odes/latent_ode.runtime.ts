/**
 * Runtime of the latent-ODE demo (lecture 5): see LatentOdeTraining.astro.
 *
 * Trains lib's LatentODE (the shipped architecture: ODE-RNN encoder H = 25, z ∈ R⁴, RK4 latent
 * flow, MLP decoder with σ = 0.2) on the course's 200 training spirals, generated here by
 * lib/data/spirals.ts with seed 0 — the same numbers as the recipe, on every backend. Each step
 * reads its loss with `await data()` and yields a frame, so the page stays responsive.
 * "Load pretrained weights" loads latent-ode-spirals and measures the manifest's held-out metrics
 * exactly as scripts/recipes/latent_ode_spirals.ts defines them.
 */
import { setLearningRate } from "../../../../lib/train/learning_rate.ts";
import { tf } from "../../core/backend.ts";
import {
  disposeSpiralBatch,
  generateSpirals,
  type Spiral,
  spiralBatch,
  spiralBatches,
} from "../../../../lib/data/spirals.ts";
import { LatentODE } from "../../../../lib/models/latent_ode.ts";
import { reparameterize } from "../../../../lib/prob/likelihoods.ts";
import { columnMoments } from "../../../../lib/prob/moments.ts";
import {
  observationOrder,
  observedSubset,
  spiralGrid,
  type SpiralPanel,
} from "../../plots/spirals.ts";
import { sci } from "../../plots/theme.ts";
import type { CreateRuntime, ProbeRuntime } from "../../core/shell.ts";
import {
  LATENT_ODE_BATCH,
  latentOdeDemoStep,
  latentOdeStep,
} from "../../../../lib/zoo/steps/latent_ode_spirals.ts";
import { type LiveTraining, liveTraining, Throttle } from "../../core/live_training.ts";
import { draw, drawLossCurve, type LossPoint } from "../../core/plot_live.ts";
import { loadShipped, shippedModel } from "../../core/weights.ts";
import { adam } from "../../../../lib/train/fused_adam.ts";

const MODEL = "latent-ode-spirals";
const BATCH = LATENT_ODE_BATCH;
/** The recipe's extrapolation split and the seed of its evaluated −ELBO sample. */
const SPLIT = 2.5;
const EVAL_NOISE_SEED = 2024;
/** Posterior samples drawn in each view. */
const SAMPLES = 8;
const SAMPLE_SEED = 500;

interface View {
  spiral: Spiral;
  /** Its observations in a seeded random order ("k at random times"). */
  shuffled: number[];
}

/** Index of the last grid time at or before t. */
function lastGridIndex(times: readonly number[], t: number): number {
  let i = 0;
  while (i + 1 < times.length && times[i + 1] <= t + 1e-9) i++;
  return i;
}

/** The same step with the page's learning rate, nothing drawn ("auto" times it). */
export const probe: ProbeRuntime = (root) =>
  latentOdeDemoStep({ lr: Number(root.querySelector<HTMLSelectElement>('[name="lr"]')!.value) });

export const create: CreateRuntime = (ctx) => {
  const root = ctx.root;
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const lrSelect = $<HTMLSelectElement>('[name="lr"]');
  const pointsInput = $<HTMLInputElement>('[name="points"]');
  const extrapolateBox = $<HTMLInputElement>('[name="extrapolate"]');
  const pickSelect = $<HTMLSelectElement>('[name="pick"]');
  const spiralsBox = $<HTMLElement>('[data-plot="spirals"]');
  const lossBox = $<HTMLElement>('[data-plot="loss"]');

  const data = generateSpirals({ seed: 0 });
  const held = data.eval;
  const shownHeld = [
    held.filter((s) => s.direction === 1)[0],
    held.filter((s) => s.direction === -1)[0],
    held.filter((s) => s.direction === 1)[1],
  ];
  const views: View[] = shownHeld.map((spiral) => ({
    spiral,
    shuffled: observationOrder(spiral, 100 + held.indexOf(spiral)),
  }));

  let model = new LatentODE({ seed: 0 });
  let optimizer = adam(Number(lrSelect.value));
  let batches = spiralBatches(data.train, BATCH, 1);
  let losses: LossPoint[] = [];
  let label = "random initialisation";

  const trainStep = async () => {
    const chosen = batches.next().value as Spiral[];
    const t0 = performance.now();
    const { negElbo, kl } = await latentOdeStep(model, optimizer, chosen, trainer.step);
    return { loss: negElbo, kl, ms: performance.now() - t0 };
  };

  /** µ and SAMPLES posterior draws for each view, decoded on the dense grid. */
  const drawSpirals = async () => {
    const count = Number(pointsInput.value);
    const until = extrapolateBox.checked ? SPLIT : Infinity;
    const seen = views.map((v) => {
      const order = pickSelect.value === "random" ? v.shuffled : v.spiral.obsTimes.map((_, k) => k);
      return observedSubset(v.spiral, order, count, until);
    });
    const batch = spiralBatch(seen);
    const V = views.length;
    const times = data.denseTimes;
    let decoded: tf.Tensor | undefined;
    try {
      decoded = tf.tidy(() => {
        const { mean, logVar } = model.encode(batch.values, batch.times, batch.mask);
        const draws = [mean];
        for (let k = 0; k < SAMPLES; k++) {
          draws.push(reparameterize(mean, logVar, SAMPLE_SEED + k) as tf.Tensor2D);
        }
        return model.decodeFrom(tf.concat(draws, 0), times);
      });
      const xs = (await decoded.array()) as number[][][];
      const panels: SpiralPanel[] = views.map((v, i) => {
        const readTimes = new Set(seen[i].obsTimes);
        return {
          clean: v.spiral.dense,
          seen: seen[i].obs,
          unseen: v.spiral.obs.filter((_, k) => !readTimes.has(v.spiral.obsTimes[k])),
          fit: xs[i],
          // Beyond the last observation read, the curve is an extrapolation.
          splitIndex: lastGridIndex(times, seen[i].obsTimes[seen[i].obsTimes.length - 1]),
          samples: Array.from({ length: SAMPLES }, (_, k) => xs[(k + 1) * V + i]),
          column: `held-out ${i + 1}: ${seen[i].obs.length} points`,
        };
      });
      draw(spiralsBox, { ...spiralGrid(panels, { width: 640 }), caption: label });
      spiralsBox.classList.remove("placeholder");
    } finally {
      decoded?.dispose();
      disposeSpiralBatch(batch);
    }
  };

  const drawLoss = () => {
    drawLossCurve(lossBox, losses, {
      width: 640,
      height: 260,
      y: { label: "−ELBO per spiral (training batch)" },
      k: 20,
      empty: "press Start",
    });
  };

  // Plotting decodes 27 trajectories: keep it under ~25% of the time.
  const drawing = new Throttle(400, 3);
  const redraw = () =>
    drawing.run(async () => {
      await drawSpirals();
      drawLoss();
    });

  const trainer: LiveTraining = liveTraining({
    ctx,
    trainStep,
    describe: (_, r) => `−ELBO ${sci(r.loss, 3)} per spiral (KL ${sci(r.kl, 2)})`,
    async afterStep(step, r) {
      losses.push({ step, loss: r.loss });
      label = `after ${step} training steps`;
      if (drawing.due) await redraw();
    },
    afterRun: redraw,
  });

  const rebuild = (fresh: LatentODE) => {
    model.dispose();
    optimizer.dispose();
    model = fresh;
    optimizer = adam(Number(lrSelect.value));
    batches = spiralBatches(data.train, BATCH, 1);
    losses = [];
    trainer.restart();
  };

  /** The recipe's held-out metrics: extrapolation RMSE, −ELBO, moments of the posterior means. */
  const heldOutMetrics = async () => {
    const batch = spiralBatch(held);
    try {
      const { times, predictions } = model.extrapolate(batch, batch.denseTimes, SPLIT);
      const first = batch.denseTimes.length - times.length;
      const parts = tf.tidy(() => {
        const clean = tf.slice(batch.clean, [0, first, 0], [-1, times.length, -1]);
        const mse = tf.mean(tf.square(tf.sub(predictions, clean)));
        const { loss } = model.loss(batch, { seed: EVAL_NOISE_SEED });
        return tf.stack([mse, loss]);
      });
      predictions.dispose();
      const means = model.posteriorMeans(batch);
      const [[mse, negElbo], rows] = await Promise.all([
        parts.array() as Promise<number[]>,
        means.array() as Promise<number[][]>,
      ]);
      tf.dispose([parts, means]);
      return { rmse: Math.sqrt(mse), negElbo, moments: columnMoments(rows) };
    } finally {
      disposeSpiralBatch(batch);
    }
  };

  const onLr = () => {
    setLearningRate(optimizer, Number(lrSelect.value));
  };
  // While training, the loop redraws; otherwise redraw now.
  const onView = () => {
    if (!trainer.running) redraw().catch(ctx.fail);
  };
  lrSelect.addEventListener("change", onLr);
  pointsInput.addEventListener("input", onView);
  pickSelect.addEventListener("change", onView);
  extrapolateBox.addEventListener("change", onView);

  return {
    start: trainer.start,
    pause: trainer.pause,
    async reset() {
      await trainer.stop();
      rebuild(new LatentODE({ seed: 0 }));
      label = "random initialisation";
      ctx.setState("paused");
      ctx.status("Reset to the random initialisation.");
      await redraw();
    },
    async loadPretrained() {
      await trainer.stop();
      ctx.setState("starting");
      ctx.status(`Loading the pretrained ${MODEL} weights…`);
      const entry = await shippedModel(MODEL);
      const fresh = new LatentODE({ seed: 0 });
      try {
        await loadShipped(fresh, MODEL);
      } catch (e) {
        fresh.dispose();
        throw e;
      }
      rebuild(fresh);
      label = `pretrained (${MODEL})`;
      ctx.status("Measuring the held-out metrics on the 50 held-out spirals…");
      const m = await heldOutMetrics();
      const expected = entry.metrics["extrapolation RMSE"];
      const expectedElbo = entry.metrics["eval −ELBO/trajectory"];
      ctx.metric("rmse", m.rmse);
      ctx.metric("rmseExpected", expected);
      ctx.metric("elbo", m.negElbo);
      ctx.metric("elboExpected", expectedElbo);
      ctx.metric("moments", JSON.stringify(m.moments));
      const close = Math.abs(m.rmse - expected) <= 0.01 * expected;
      ctx.note(
        `Loaded ${MODEL}. Held-out extrapolation RMSE (encode t ≤ ${SPLIT}, predict to 5): ` +
          `${m.rmse.toFixed(4)} here, ${expected.toFixed(4)} in the weights manifest. ` +
          `−ELBO per held-out spiral: ${m.negElbo.toFixed(2)} (manifest ${
            expectedElbo.toFixed(2)
          }).`,
        close ? "ok" : "warn",
      );
      ctx.setState("paused");
      ctx.status("Pretrained weights loaded: move the slider, or press Resume to train on.");
      await redraw();
    },
    dispose() {
      void trainer.stop();
      lrSelect.removeEventListener("change", onLr);
      pointsInput.removeEventListener("input", onView);
      pickSelect.removeEventListener("change", onView);
      extrapolateBox.removeEventListener("change", onView);
      model.dispose();
      optimizer.dispose();
    },
  };
};
