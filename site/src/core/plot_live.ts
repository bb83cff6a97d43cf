/** Draws Observable Plot charts into a demo's containers (loaded with the demo runtime). */
import * as Plot from "@observablehq/plot";
import { BASE, COLORS } from "../plots/theme.ts";

export { Plot };

/** Replaces the container's content with a new plot; returns the plot element (with its scales). */
export function draw(container: Element, options: Plot.PlotOptions): ReturnType<typeof Plot.plot> {
  const el = Plot.plot(options);
  container.replaceChildren(el);
  return el;
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
  draw(box, {
    ...BASE,
    width: options.width,
    height: options.height,
    x: { label: "step", grid: true },
    ...options.plot,
    y: { grid: true, ...options.y },
    marks: [...curve, ...(options.marks ?? [])],
  });
  box.classList.remove("placeholder");
}
