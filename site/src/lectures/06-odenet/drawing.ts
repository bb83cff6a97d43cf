/**
 * A drawing → a 28×28 MNIST-style digit, the way MNIST itself was made (LeCun et al.): the ink's
 * bounding box is scaled, keeping its aspect ratio, to fit a 20×20 box with area averaging (which
 * anti-aliases), then placed in a 28×28 image so that its centre of mass sits at the centre.
 * Pure functions on numbers (no DOM, no tfjs): used by the drawing demo and by the tests.
 */

export const MNIST_SIDE = 28;
/** Side of the box the digit's larger dimension is scaled to. */
export const MNIST_BOX = 20;
/** Ink below this counts as background when finding the bounding box. */
const INK = 0.1;

export interface InkImage {
  width: number;
  height: number;
  /** Ink in [0, 1], row-major, width·height values. */
  ink: ArrayLike<number>;
}

/** Ink of RGBA pixels drawn light on dark (canvas ImageData): the red channel over 255. */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number): InkImage {
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i] / 255;
  return { width, height, ink };
}

/** Resamples one line of n values to m by area averaging (fractional coverage at the edges). */
function resampleLine(src: ArrayLike<number>, n: number, m: number, out: Float32Array): void {
  const scale = n / m;
  for (let j = 0; j < m; j++) {
    const a = j * scale;
    const b = (j + 1) * scale;
    let sum = 0;
    for (let i = Math.floor(a); i < Math.min(n, Math.ceil(b)); i++) {
      const cover = Math.min(b, i + 1) - Math.max(a, i);
      if (cover > 0) sum += src[i] * cover;
    }
    out[j] = sum / scale;
  }
}

/** Area-averaging resize of a w×h image to tw×th (rows, then columns). */
export function resizeArea(
  img: ArrayLike<number>,
  w: number,
  h: number,
  tw: number,
  th: number,
): Float32Array {
  const rows = new Float32Array(h * tw);
  const line = new Float32Array(tw);
  for (let y = 0; y < h; y++) {
    resampleLine(Array.prototype.slice.call(img, y * w, (y + 1) * w), w, tw, line);
    rows.set(line, y * tw);
  }
  const out = new Float32Array(tw * th);
  const col = new Float32Array(h);
  const colOut = new Float32Array(th);
  for (let x = 0; x < tw; x++) {
    for (let y = 0; y < h; y++) col[y] = rows[y * tw + x];
    resampleLine(col, h, th, colOut);
    for (let y = 0; y < th; y++) out[y * tw + x] = colOut[y];
  }
  return out;
}

/** Bounding box of the ink, or undefined for an empty drawing. */
export function inkBox(
  img: InkImage,
): { x0: number; y0: number; x1: number; y1: number } | undefined {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.ink[y * img.width + x] > INK) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? undefined : { x0, y0, x1, y1 };
}

/**
 * The drawing as MNIST would have it: 784 values in [0, 1], row-major; undefined when nothing
 * was drawn.
 */
export function toMnist(img: InkImage): Float32Array | undefined {
  const box = inkBox(img);
  if (!box) return undefined;
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const crop = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) crop[y * bw + x] = img.ink[(box.y0 + y) * img.width + box.x0 + x];
  }
  const scale = MNIST_BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  const small = resizeArea(crop, bw, bh, tw, th);
  // Centre of mass (pixel centres at +0.5) moved to the image centre, by whole pixels.
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x];
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const dx = Math.round(MNIST_SIDE / 2 - cx / mass);
  const dy = Math.round(MNIST_SIDE / 2 - cy / mass);
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const X = x + dx;
      const Y = y + dy;
      if (X >= 0 && X < MNIST_SIDE && Y >= 0 && Y < MNIST_SIDE) {
        out[Y * MNIST_SIDE + X] = Math.min(1, Math.max(0, small[y * tw + x]));
      }
    }
  }
  return out;
}

/** Softmax of logits. */
export function softmax(logits: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(logits));
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}
