/**
 * Makes an Observable Plot chart one named image for assistive technology. Plot labels every mark
 * group for its own use (`<g aria-label="line">`, `<rect aria-label="frame">`); on elements without
 * a role those labels are prohibited ARIA (axe: aria-prohibited-attr), and a screen reader would
 * read them as dozens of fragments. So the chart's SVG becomes `role="img"` with a name (its
 * caption, or a text that a live demo updates), and its parts lose their labels. Works on a
 * browser DOM and on linkedom's (static figures are drawn at build time); no global DOM access.
 */

/** How the chart is named: by text, or by the ids of elements that hold its caption. */
export interface ChartName {
  /** The accessible name as text (live plots: it says the latest value). */
  label?: string;
  /** Ids of the elements whose text names the chart (wins over `label`). */
  labelledBy?: string;
  /** Ids of the elements whose text describes the chart (a figure's caption). */
  describedBy?: string;
}

/**
 * `chart`: what Plot.plot returned, an <svg> or a <figure> holding legends, the <svg> and Plot's
 * own caption. The chart's own SVG gets the role and name; a colour ramp gets a name from its
 * text; swatch icons are hidden (their text labels sit beside them).
 */
export function nameChart(chart: Element, name: ChartName): void {
  if (!name.label && !name.labelledBy) {
    throw new TypeError(
      "nameChart: give `label` or `labelledBy`. Fix: name the chart by its caption or a summary.",
    );
  }
  for (const el of chart.querySelectorAll("[aria-label], [aria-description]")) {
    if (el.hasAttribute("role")) continue;
    el.removeAttribute("aria-label");
    el.removeAttribute("aria-description");
  }
  const svgs = isSvg(chart) ? [chart] : [...chart.children].filter(isSvg);
  const main = svgs[svgs.length - 1];
  if (!main) {
    throw new TypeError("nameChart: `chart` holds no <svg>. Fix: pass Plot.plot's result.");
  }
  for (const svg of chart.querySelectorAll("svg")) {
    if (svg === main) continue;
    if (svgs.includes(svg)) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", `colour scale: ${(svg.textContent ?? "").trim()}`);
    } else {
      svg.setAttribute("aria-hidden", "true");
    }
  }
  main.setAttribute("role", "img");
  if (name.labelledBy) main.setAttribute("aria-labelledby", name.labelledBy);
  else main.setAttribute("aria-label", name.label!);
  if (name.describedBy) main.setAttribute("aria-describedby", name.describedBy);
}

function isSvg(el: Element): boolean {
  return el.tagName.toLowerCase() === "svg";
}
