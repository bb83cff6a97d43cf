/**
 * Runtime of the crossing demo (lecture 8): see AnodeCrossing.astro. A plain 1-D Neural ODE and
 * an augmented one train side by side in a worker (anode_worker.ts); this side draws their
 * trajectories x(t), the ANODE's path through an extra dimension, and both loss curves against
 * the bound MSE = 1 that no order-preserving map can beat.
 */
import type { AnodeDemoData } from "./types.ts";
import { BASE, COLORS, sci } from "../../plots/theme.ts";
import type { CreateRuntime, ProbeRuntime } from "../../core/shell.ts";
import { draw, Plot } from "../../core/plot_live.ts";
import { TrainingWorkerPage } from "../../core/training_worker.ts";
// Types only: the worker module itself runs in the worker.
import type { AnodeProtocol, PretrainedResult, Snapshot } from "./anode_worker.ts";

const SIDES = { domain: ["starts near −1", "starts near +1"], range: [COLORS.accent, COLORS.warm] };

/**
 * The worker's step (both models) with the page's data and learning rate, on the main thread
 * ("auto" times it before the worker starts on the backend it picks). Imported on demand.
 */
export const probe: ProbeRuntime = async (root) => {
  const { anodeDemoStep } = await import("../../../../lib/zoo/steps/anode_crossing.ts");
  const cfg = JSON.parse(root.querySelector('[data-role="data"]')!.textContent!) as AnodeDemoData;
  return anodeDemoStep(cfg, Number(root.querySelector<HTMLSelectElement>('[name="lr"]')!.value));
};

export const create: CreateRuntime = async (ctx) => {
  const root = ctx.root;
  const cfg = JSON.parse(root.querySelector('[data-role="data"]')!.textContent!) as AnodeDemoData;
  const lrSelect = root.querySelector<HTMLSelectElement>('[name="lr"]')!;
  const box = (name: string) => root.querySelector<HTMLElement>(`[data-plot="${name}"]`)!;
  const plainBox = box("plain");
  const anodeBox = box("anode");
  const planeBox = box("plane");
  const lossBox = box("loss");
  const width = 1 + cfg.augmentDims;

  let losses: { step: number; model: string; loss: number }[] = [];
  let plainLosses: number[] = [];
  let label = "random initialisation";
  let msPerStep = 0;
  let lastLossDraw = 0;
  let backendName = ctx.backend;

  const worker = new TrainingWorkerPage<AnodeProtocol>(
    ctx,
    new Worker(new URL("./anode_worker.ts", import.meta.url), { type: "module" }),
  );

  const trajectoryPlot = (
    rows: { t: number; x: number; id: number; side: string }[],
    title: string,
  ) => ({
    ...BASE,
    width: 300,
    height: 260,
    caption: title,
    x: { label: "t", grid: true, domain: [0, 1] },
    y: { label: "x(t)", grid: true, domain: [-1.8, 1.8] },
    color: SIDES,
    marks: [
      Plot.ruleY([-1, 1], { stroke: "#dde2e8" }),
      Plot.line(rows, {
        x: "t",
        y: "x",
        z: "id",
        stroke: "side",
        strokeWidth: 1,
        strokeOpacity: 0.7,
      }),
      Plot.dot([{ x: -1, side: SIDES.domain[1] }, { x: 1, side: SIDES.domain[0] }], {
        x: () => 1,
        y: "x",
        r: 5,
        stroke: "side",
        fill: "white",
        strokeWidth: 2,
      }),
    ],
  });

  const drawSnapshot = (s: Snapshot) => {
    const n = s.x0.length;
    const side = (i: number) => (s.x0[i] < 0 ? SIDES.domain[0] : SIDES.domain[1]);
    const plainRows = s.times.flatMap((t, k) =>
      Array.from({ length: n }, (_, i) => ({ t, x: s.plain[k * n + i], id: i, side: side(i) }))
    );
    const anodeRows = s.times.flatMap((t, k) =>
      Array.from({ length: n }, (_, i) => ({
        t,
        x: s.anode[(k * n + i) * width],
        a1: s.anode[(k * n + i) * width + 1],
        id: i,
        side: side(i),
      }))
    );
    draw(plainBox, trajectoryPlot(plainRows, `plain NODE (1-D), ${label}`));
    draw(
      anodeBox,
      trajectoryPlot(anodeRows, `ANODE (1 + ${cfg.augmentDims} dims), ${label}`),
    );
    draw(planeBox, {
      ...BASE,
      width: 300,
      height: 260,
      caption: "ANODE seen in the plane (x, a₁) of its first two coordinates",
      x: { label: "x", grid: true },
      y: { label: "a₁", grid: true },
      color: SIDES,
      marks: [
        Plot.line(anodeRows, {
          x: "x",
          y: "a1",
          z: "id",
          stroke: "side",
          strokeWidth: 1,
          strokeOpacity: 0.7,
        }),
        Plot.dot(anodeRows.filter((r) => r.t === 0), { x: "x", y: "a1", r: 2, fill: COLORS.ink }),
      ],
    });
    for (const b of [plainBox, anodeBox, planeBox]) b.classList.remove("placeholder");
  };

  /** The loss plot's text alternative: the latest MSE of both models, as the curves end. */
  const lossName = () => {
    const [plain, anode] = losses.slice(-2);
    return anode
      ? `MSE curves: latest plain NODE ${sci(plain.loss, 3)}, ANODE ${sci(anode.loss, 3)} ` +
        `at step ${anode.step}`
      : "MSE curves: no training steps yet";
  };
  const drawLoss = () => {
    const last = Math.max(10, ...losses.map((l) => l.step));
    draw(lossBox, {
      ...BASE,
      width: 300,
      height: 260,
      caption: "training MSE; dashed: the best any order-preserving map can do",
      x: { label: "step", grid: true, domain: [0, last] },
      y: { label: "MSE", type: "log", grid: true, tickFormat: "~e" },
      color: {
        domain: ["plain NODE", "ANODE"],
        range: [COLORS.grey, COLORS.green],
        legend: true,
      },
      marks: [
        Plot.ruleY([1], { stroke: COLORS.ink, strokeDasharray: "4,3" }),
        Plot.line(losses, { x: "step", y: "loss", z: "model", stroke: "model", strokeWidth: 2 }),
      ],
    }, lossName());
    lossBox.classList.remove("placeholder");
    lastLossDraw = performance.now();
  };

  let onPretrained: ((r: PretrainedResult) => void) | undefined;

  const onMessage = (msg: AnodeProtocol["fromWorker"]) => {
    switch (msg.type) {
      case "step":
        losses.push({ step: msg.step, model: "plain NODE", loss: msg.plain });
        losses.push({ step: msg.step, model: "ANODE", loss: msg.anode });
        plainLosses.push(msg.plain);
        if (plainLosses.length <= 200) ctx.metric("plainLosses", JSON.stringify(plainLosses));
        ctx.metric("plainLoss", msg.plain);
        ctx.progress(msg.step, msg.anode);
        msPerStep = msPerStep ? 0.8 * msPerStep + 0.2 * msg.ms : msg.ms;
        label = `after ${msg.step} steps`;
        ctx.status(
          `step ${msg.step} · MSE plain ${sci(msg.plain, 3)}, ANODE ${sci(msg.anode, 3)} · ` +
            `${msPerStep.toFixed(0)} ms/step (both models) on ${backendName} (in a worker)`,
        );
        if (!Number.isFinite(msg.plain) || !Number.isFinite(msg.anode)) {
          ctx.note("The loss diverged (NaN): press Reset, or lower the learning rate.", "warn");
        }
        if (performance.now() - lastLossDraw > 250) drawLoss();
        return;
      case "snapshot":
        drawSnapshot(msg.snapshot);
        drawLoss();
        return;
      case "progress":
        ctx.status(msg.text);
        return;
      case "pretrained":
        onPretrained?.(msg.result);
        return;
    }
  };
  backendName = await worker.connect({ cfg, lr: Number(lrSelect.value) }, onMessage);

  /** Forgets the curves of the model being replaced (its late messages are dropped). */
  const forget = (name: string) => {
    losses = [];
    plainLosses = [];
    label = name;
  };
  const onLr = () => worker.send({ type: "lr", lr: Number(lrSelect.value) });
  lrSelect.addEventListener("change", onLr);

  return {
    start: () => void worker.start(),
    pause: () => worker.pause(),
    async reset() {
      forget("random initialisation");
      await worker.replace("reset", { lr: Number(lrSelect.value) });
      ctx.status("Reset to the random initialisation.");
    },
    async loadPretrained() {
      ctx.setState("starting");
      ctx.status("Loading the pretrained anode-toy weights…");
      forget("pretrained");
      const result = new Promise<PretrainedResult>((resolve) => (onPretrained = resolve));
      await worker.replace("pretrained", { lr: Number(lrSelect.value) });
      const r = await result;
      ctx.metric("anodeMse", r.anodeMse);
      ctx.metric("anodeMseExpected", r.anodeExpected);
      ctx.metric("plainMse", r.plainMse);
      ctx.metric("plainMseExpected", r.plainExpected);
      const close = (a: number, b: number) => Math.abs(a - b) <= 0.1 * b + 1e-3;
      ctx.note(
        `Loaded anode-toy: held-out MSE ${r.anodeMse.toFixed(4)} here, ${
          r.anodeExpected.toFixed(4)
        } in the manifest. A plain NODE trained here as the recipe does: ${
          r.plainMse.toFixed(4)
        } (manifest ${r.plainExpected.toFixed(4)}) — it cannot get below 1.`,
        close(r.anodeMse, r.anodeExpected) && close(r.plainMse, r.plainExpected) ? "ok" : "warn",
      );
      ctx.status("Pretrained ANODE and recipe-trained plain NODE: press Resume to keep training.");
    },
    dispose() {
      worker.dispose();
      lrSelect.removeEventListener("change", onLr);
    },
  };
};
