/** Runtime of the direct-vs-adjoint comparison (lecture 2): see AdjointCompare.astro. */
import { tf } from "../../core/backend.ts";
import { NeuralODE } from "../../../../lib/models/node.ts";
import { odeint, odeintAdjoint, type VectorField } from "../../../../lib/ode/mod.ts";
import { BASE, COLORS, sci } from "../../plots/theme.ts";
import type { CreateRuntime } from "../../core/shell.ts";
import { draw, nextFrame, Plot } from "../../core/plot_live.ts";

const WINDOWS = [5, 10, 20, 30];

interface Result {
  window: number;
  method: "direct" | "adjoint";
  nfeForward: number;
  nfeBackward: number;
  /** Bytes of tensors alive at the end of the forward pass, beyond those before it. */
  bytes: number;
  ms: number;
  grads: Float32Array[];
}

export const create: CreateRuntime = (ctx) => {
  const root = ctx.root;
  const data = JSON.parse(root.querySelector('[data-role="data"]')!.textContent!) as {
    t: number[];
    observed: number[][][];
  };
  const tbody = root.querySelector<HTMLElement>('[data-role="table"] tbody')!;
  const memBox = root.querySelector<HTMLElement>('[data-plot="memory"]')!;
  const timeBox = root.querySelector<HTMLElement>('[data-plot="time"]')!;
  const model = new NeuralODE({ seed: 0 });
  const params = model.parameters();
  const dt = data.t[1] - data.t[0];

  const gradient = async (window: number, method: "direct" | "adjoint"): Promise<Result> => {
    let nfe = 0;
    let nfeForward = 0;
    let bytes = 0;
    const f: VectorField = (t, y) => {
      nfe++;
      return model.f(t, y);
    };
    const t = data.t.slice(0, window);
    const options = { method: "rk4" as const, stepSize: dt / 4, checkFinite: false };
    const y0 = tf.tensor2d(data.observed[0]);
    const target = tf.tensor3d(data.observed.slice(0, window));
    const before = tf.memory().numBytes;
    const start = performance.now();
    const { value, grads } = tf.variableGrads(() => {
      const ys = method === "direct"
        ? odeint(f, y0, t, options)
        : odeintAdjoint(f, y0, t, params, options);
      const loss = tf.mul(0.5, tf.sum(tf.square(tf.sub(ys, target)))) as tf.Scalar;
      nfeForward = nfe;
      bytes = tf.memory().numBytes - before;
      return loss;
    }, params);
    const arrays = await Promise.all(
      params.map((p) => grads[p.name].data() as Promise<Float32Array>),
    );
    await value.data();
    const ms = performance.now() - start;
    tf.dispose([value, y0, target, ...Object.values(grads)]);
    return { window, method, nfeForward, nfeBackward: nfe - nfeForward, bytes, ms, grads: arrays };
  };

  const relDiff = (a: Float32Array[], b: Float32Array[]) => {
    let num = 0;
    let den = 0;
    a.forEach((g, i) =>
      g.forEach((v, j) => {
        num = Math.max(num, Math.abs(v - b[i][j]));
        den = Math.max(den, Math.abs(v));
      })
    );
    return num / Math.max(den, 1e-30);
  };

  const render = (results: Result[]) => {
    const rows = results.map((r) => ({ ...r, kb: r.bytes / 1024, steps: 4 * (r.window - 1) }));
    const common = {
      ...BASE,
      width: 400,
      height: 260,
      x: { label: "RK4 steps in the window", grid: true },
      color: { domain: ["direct", "adjoint"], range: [COLORS.warm, COLORS.accent], legend: true },
    };
    draw(memBox, {
      ...common,
      y: { label: "KB held for backward", grid: true },
      marks: [
        Plot.line(rows, { x: "steps", y: "kb", stroke: "method", strokeWidth: 2 }),
        Plot.dot(rows, { x: "steps", y: "kb", fill: "method", r: 3.5 }),
      ],
    });
    draw(timeBox, {
      ...common,
      y: { label: "ms per gradient", grid: true },
      marks: [
        Plot.line(rows, { x: "steps", y: "ms", stroke: "method", strokeWidth: 2 }),
        Plot.dot(rows, { x: "steps", y: "ms", fill: "method", r: 3.5 }),
      ],
    });
    memBox.classList.remove("placeholder");
    timeBox.classList.remove("placeholder");
  };

  return {
    async start() {
      ctx.setState("running");
      tbody.replaceChildren();
      const results: Result[] = [];
      let worst = 0;
      for (const window of WINDOWS) {
        ctx.status(`Window of ${window} observations…`);
        await nextFrame();
        const direct = await gradient(window, "direct");
        await nextFrame();
        const adjoint = await gradient(window, "adjoint");
        const diff = relDiff(direct.grads, adjoint.grads);
        worst = Math.max(worst, diff);
        results.push(direct, adjoint);
        for (const r of [direct, adjoint]) {
          const tr = document.createElement("tr");
          const cells = [
            String(window),
            r.method,
            String(r.nfeForward),
            r.method === "direct" ? "— (reverse pass over the tape)" : String(r.nfeBackward),
            `${(r.bytes / 1024).toFixed(0)} KB`,
            `${r.ms.toFixed(0)} ms`,
            r.method === "adjoint" ? sci(diff, 1) : "",
          ];
          for (const c of cells) {
            const td = document.createElement("td");
            td.textContent = c;
            tr.append(td);
          }
          tbody.append(tr);
        }
        render(results);
      }
      ctx.metric("gradDiff", worst);
      ctx.metric(
        "memory",
        JSON.stringify(
          results.map((r) => ({ w: r.window, m: r.method, kb: Math.round(r.bytes / 1024) })),
        ),
      );
      ctx.status(
        `Largest relative difference between the two gradients: ${sci(worst, 1)} (float32). ` +
          "Direct backprop keeps every step's intermediates; the adjoint keeps almost nothing.",
      );
      ctx.setState("paused");
    },
    dispose() {
      model.dispose();
    },
  };
};
