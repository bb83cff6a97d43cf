/**
 * Live demos: rows of small grey images (digits, frames, reconstructions) drawn on canvases —
 * one canvas per row, scaled up by CSS with crisp pixels. Ink on paper (1 → dark), as the
 * build-time figures (src/plots/digits.ts). DOM only, no tfjs.
 *
 *   drawDigitRows(box, [{ label: "data", pixels, count: 16 }, { label: "model", … }]);
 */

export interface DigitRowData {
  label: string;
  /** count·size·size values in [0, 1], image after image. */
  pixels: ArrayLike<number>;
  count: number;
  /** Indices of images to mark with a tinted background (e.g. the encoder's frames). */
  marked?: number[];
}

export interface DigitRowsOptions {
  /** Image side (default 28). */
  size?: number;
  /** Captions under the columns (e.g. frame times), shown below the last row. */
  columns?: string[];
  /** Note under the grid. */
  caption?: string;
}

const GAP = 2;

function rowCanvas(row: DigitRowData, size: number): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = row.count * (size + GAP) - GAP;
  canvas.height = size;
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(canvas.width, size);
  const marked = new Set(row.marked ?? []);
  image.data.fill(255);
  for (let i = 0; i < row.count; i++) {
    const tint = marked.has(i);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const v = Math.min(1, Math.max(0, row.pixels[(i * size + r) * size + c]));
        const at = 4 * (r * canvas.width + i * (size + GAP) + c);
        const g = 255 * (1 - v);
        // Marked images sit on light orange paper (the ink stays dark).
        image.data[at] = g;
        image.data[at + 1] = tint ? g * 0.93 : g;
        image.data[at + 2] = tint ? g * 0.86 : g;
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  canvas.style.imageRendering = "pixelated";
  canvas.style.width = "100%";
  canvas.style.height = "auto";
  canvas.style.display = "block";
  return canvas;
}

/** Replaces the container's content with labelled rows of images. */
export function drawDigitRows(
  container: HTMLElement,
  rows: DigitRowData[],
  options: DigitRowsOptions = {},
): void {
  const size = options.size ?? 28;
  const grid = document.createElement("div");
  grid.className = "digit-rows";
  grid.style.display = "grid";
  grid.style.gridTemplateColumns = "minmax(3.2rem, auto) 1fr";
  grid.style.gap = "0.25rem 0.5rem";
  grid.style.alignItems = "center";
  grid.style.fontSize = "0.8rem";
  for (const row of rows) {
    const label = document.createElement("span");
    label.textContent = row.label;
    label.style.color = "var(--muted)";
    grid.append(label, rowCanvas(row, size));
  }
  if (options.columns) {
    const n = rows[0]?.count ?? options.columns.length;
    const ticks = document.createElement("div");
    ticks.style.display = "grid";
    ticks.style.gridTemplateColumns = `repeat(${n}, 1fr)`;
    ticks.style.fontSize = "0.68rem";
    ticks.style.color = "var(--faint)";
    ticks.style.textAlign = "center";
    for (const c of options.columns.slice(0, n)) {
      const s = document.createElement("span");
      s.textContent = c;
      ticks.append(s);
    }
    grid.append(document.createElement("span"), ticks);
  }
  const nodes: Node[] = [grid];
  if (options.caption) {
    const p = document.createElement("p");
    p.className = "readout";
    p.style.margin = "0.3rem 0 0";
    p.textContent = options.caption;
    nodes.push(p);
  }
  container.replaceChildren(...nodes);
  container.classList.remove("placeholder");
}

/**
 * One canvas with a rows×cols sheet of images (e.g. a decoded latent grid), no gaps; returned
 * for the caller to place.
 */
export function digitSheet(
  pixels: ArrayLike<number>,
  rows: number,
  cols: number,
  size = 28,
): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = cols * size;
  canvas.height = rows * size;
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < rows * cols; i++) {
    const top = Math.floor(i / cols) * size;
    const left = (i % cols) * size;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const v = Math.min(1, Math.max(0, pixels[(i * size + r) * size + c]));
        const at = 4 * ((top + r) * canvas.width + left + c);
        image.data.fill(255 * (1 - v), at, at + 3);
        image.data[at + 3] = 255;
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  canvas.style.imageRendering = "pixelated";
  canvas.style.width = "100%";
  canvas.style.height = "auto";
  canvas.style.display = "block";
  return canvas;
}
