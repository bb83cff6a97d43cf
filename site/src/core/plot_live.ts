/** Draws Observable Plot charts into a demo's containers (loaded with the demo runtime). */
import * as Plot from "@observablehq/plot";
import { BASE, COLORS, sci } from "../plots/theme.ts";
import { nameChart } from "../plots/accessible.ts";

export { Plot };

/**
 * Replaces the container's content with a new plot; returns the plot element (with its scales).
 * The plot is one image named `name`, else by its title or caption, else by its axes.
 */
export function draw(
  container: HTMLElement,
  options: Plot.PlotOptions,
  name?: string,
): ReturnType<typeof Plot.plot> {
  const el = Plot.plot(options);
  nameChart(el, { label: name ?? chartName(container, options) });
  container.replaceChildren(el);
  return el;
}

/** "plot: title — caption", or "<data-plot> plot: y against x" from the axis labels. */
function chartName(container: HTMLElement, options: Plot.PlotOptions): string {
  const text = (v: unknown) => typeof v === "string" ? v.replace(/[↑↓←→]/g, "").trim() : "";
  const told = [text(options.title), text(options.caption)].filter(Boolean).join(" — ");
  if (told) return `plot: ${told}`;
  const y = text((options.y as Plot.ScaleOptions | undefined)?.label);
  const x = text((options.x as Plot.ScaleOptions | undefined)?.label);
  const axes = [y, x].filter(Boolean).join(" against ");
  return `${container.dataset.plot ?? "live"} plot${axes ? `: ${axes}` : ""}`;
}

/** Waits for the next animation frame (or a macrotask in a background tab). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    requestAnimationFrame(finish);
    setTimeout(finish, 50);
  });
}

/** One point of a training-loss curve. */
export interface LossPoint {
  step: number;
  loss: number;
}

export interface LossCurveOptions {
  width: number;
  height: number;
  /** The y axis (grid lines on): its label, and its type, domain or ticks where they differ. */
  y: Plot.ScaleOptions;
  /** Steps in the moving average (default 10). */
  k?: number;
  /** Opacity of the raw grey line (default 0.5). */
  rawOpacity?: number;
  /** Stroke of the averaged line: a colour, or a function naming the series for a colour legend. */
  stroke?: string | (() => string);
  /** Text shown before the first step (default "no training steps yet"); null: none. */
  empty?: string | null;
  /** More plot options: an x domain, a colour legend, margins. */
  plot?: Plot.PlotOptions;
  /** More marks, drawn over the curve (a second averaged series, evaluations). */
  marks?: Plot.Markish[];
}

/** The raw values of `y` in `rows` averaged over the last `k` steps: a smooth training curve. */
export function averagedLine<T extends { step: number }>(
  rows: readonly T[],
  y: keyof T & string,
  stroke: string | (() => string),
  k = 10,
): Plot.Line {
  return Plot.line(
    rows,
    Plot.windowY({ k, anchor: "end" }, { x: "step", y, stroke, strokeWidth: 2 }),
  );
}

/**
 * Draws a training demo's loss panel into `box`: the raw losses per step in grey under their
 * moving average in the accent colour, or a placeholder text before the first step. Shared by
 * every live training demo so that their loss curves look and read alike.
 */
export function drawLossCurve(
  box: HTMLElement,
  rows: readonly LossPoint[],
  options: LossCurveOptions,
): void {
  const empty = options.empty === undefined ? "no training steps yet" : options.empty;
  const curve: Plot.Markish[] = rows.length
    ? [
      Plot.line(rows, {
        x: "step",
        y: "loss",
        stroke: COLORS.grey,
        strokeOpacity: options.rawOpacity ?? 0.5,
      }),
      averagedLine(rows, "loss", options.stroke ?? COLORS.accent, options.k),
    ]
    : empty === null
    ? []
    : [Plot.text([empty], { frameAnchor: "middle", fill: COLORS.grey })];
  // The curve's text alternative says what a sighted reader sees last: the latest value.
  const what = typeof options.y.label === "string"
    ? options.y.label.replace(/[↑↓←→]/g, "").trim()
    : "loss";
  const last = rows[rows.length - 1];
  const name = last
    ? `${what} curve: ${rows.length} step${rows.length === 1 ? "" : "s"}, latest ${
      sci(last.loss, 3)
    } at step ${last.step}`
    : `${what} curve: ${empty ?? "no steps yet"}`;
  draw(box, {
    ...BASE,
    width: options.width,
    height: options.height,
    x: { label: "step", grid: true },
    ...options.plot,
    y: { grid: true, ...options.y },
    marks: [...curve, ...(options.marks ?? [])],
  }, name);
  box.classList.remove("placeholder");
}
