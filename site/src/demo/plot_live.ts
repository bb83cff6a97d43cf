/** Draws Observable Plot charts into a demo's containers (loaded with the demo runtime). */
import * as Plot from "@observablehq/plot";

export { Plot };

/** Replaces the container's content with a new plot; returns the plot element. */
export function draw(container: Element, options: Plot.PlotOptions): HTMLElement | SVGSVGElement {
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
