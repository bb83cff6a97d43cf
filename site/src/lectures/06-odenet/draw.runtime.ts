/**
 * Runtime of the drawing demo (lecture 6): see DigitDraw.astro. Loads the shipped odenet-mnist,
 * turns the reader's drawing into a 28×28 MNIST-style digit (drawing.ts) and shows
 * the network's class probabilities; it classifies again whenever a stroke ends.
 */
import { tf } from "../../core/backend.ts";
import { BASE, COLORS } from "../../plots/theme.ts";
import { loadPretrainedOdeNet } from "./odenet_common.ts";
import { inkFromRgba, MNIST_SIDE, softmax, toMnist } from "./drawing.ts";
import type { CreateRuntime } from "../../core/shell.ts";
import { draw, Plot } from "../../core/plot_live.ts";

export const create: CreateRuntime = async (ctx) => {
  const root = ctx.root;
  const pad = root.querySelector<HTMLCanvasElement>('[data-role="pad"]')!;
  const seen = root.querySelector<HTMLCanvasElement>('[data-role="seen"]')!;
  const answer = root.querySelector<HTMLElement>('[data-role="answer"]')!;
  const probBox = root.querySelector<HTMLElement>('[data-plot="probabilities"]')!;

  ctx.status("Loading the pretrained odenet-mnist…");
  const { model } = await loadPretrainedOdeNet();
  let pending: Promise<void> = Promise.resolve();
  let disposed = false;

  /** Shows the 28×28 input in the small canvas. */
  const showInput = (pixels: Float32Array | undefined) => {
    const c = seen.getContext("2d")!;
    const img = c.createImageData(MNIST_SIDE, MNIST_SIDE);
    for (let i = 0; i < MNIST_SIDE * MNIST_SIDE; i++) {
      const v = Math.round(255 * (pixels?.[i] ?? 0));
      img.data.set([v, v, v, 255], 4 * i);
    }
    c.putImageData(img, 0, 0);
  };

  const plotProbabilities = (p: number[] | undefined) => {
    const rows = (p ?? new Array(10).fill(0)).map((v, digit) => ({ digit: String(digit), v }));
    const best = p ? p.indexOf(Math.max(...p)) : -1;
    draw(probBox, {
      ...BASE,
      width: 320,
      height: 260,
      marginLeft: 30,
      x: { label: "probability", domain: [0, 1], grid: true, percent: true },
      y: { label: null, domain: rows.map((r) => r.digit) },
      marks: [
        Plot.barX(rows, {
          x: "v",
          y: "digit",
          fill: (r: { digit: string }) => (Number(r.digit) === best ? COLORS.accent : COLORS.grey),
        }),
        Plot.text(rows.filter((r) => r.v >= 0.005), {
          x: "v",
          y: "digit",
          text: (r: { v: number }) => `${(100 * r.v).toFixed(1)} %`,
          dx: 4,
          textAnchor: "start",
          fontSize: 10,
        }),
      ],
    });
    probBox.classList.remove("placeholder");
  };

  const classify = async () => {
    const c = pad.getContext("2d", { willReadFrequently: true })!;
    const { data, width, height } = c.getImageData(0, 0, pad.width, pad.height);
    const pixels = toMnist(inkFromRgba(data, width, height));
    showInput(pixels);
    if (!pixels) {
      answer.textContent = "—";
      plotProbabilities(undefined);
      delete root.dataset.prediction;
      ctx.status("Draw a digit in the black square.");
      return;
    }
    const logits = tf.tidy(() =>
      model.predict(tf.tensor4d(pixels, [1, MNIST_SIDE, MNIST_SIDE, 1]))
    );
    const values = await logits.data();
    logits.dispose();
    if (disposed) return;
    const p = softmax(values);
    const best = p.indexOf(Math.max(...p));
    answer.textContent = `${best} (${(100 * p[best]).toFixed(0)} %)`;
    plotProbabilities(p);
    ctx.metric("prediction", best);
    ctx.metric("probabilities", JSON.stringify(p));
    ctx.metric("classified", Number(root.dataset.classified ?? 0) + 1);
    ctx.status(
      `The ODE-Net says ${best} with probability ${(100 * p[best]).toFixed(1)} % ` +
        `(NFE ${model.lastStats.nfe}, on ${ctx.backend}). Draw again or press Clear.`,
    );
  };

  const again = () => {
    pending = pending.then(classify).catch(ctx.fail);
  };
  root.addEventListener("digit-drawn", again);
  root.addEventListener("digit-cleared", again);

  return {
    async start() {
      ctx.setState("running");
      again();
      await pending;
      if (root.dataset.state !== "error") ctx.setState("ready");
    },
    dispose() {
      disposed = true;
      root.removeEventListener("digit-drawn", again);
      root.removeEventListener("digit-cleared", again);
      model.dispose();
    },
  };
};
