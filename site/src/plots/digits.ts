/**
 * Build time: grids of small grey images (MNIST digits, rotating-MNIST frames, reconstructions)
 * as an Observable Plot figure. Each image becomes a tiny PNG data URI in an SVG <image>, so a
 * grid of a hundred digits costs ~40 kB of HTML instead of ~80,000 <rect>s; Plot draws the row and
 * column labels. Used by the lectures' figures (src/lectures/NN-slug/figures.ts); never shipped as JS.
 *
 *   digitGrid([{ label: "data", images: [...] }, { label: "model", images: [...] }],
 *             { columns: ["t=0", …], shade: { columns: ["t=0"], label: "encoder input" } })
 */
import * as Plot from "@observablehq/plot";
import { deflateSync } from "node:zlib";
import { BASE, COLORS } from "./theme.ts";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typed = new TextEncoder().encode(type);
  out.set(typed, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * An 8-bit greyscale PNG of `pixels` (row-major, values in [0, 1], drawn as ink on paper:
 * 1 → dark), as a data URI.
 */
export function greyPngDataUri(pixels: ArrayLike<number>, width: number, height: number): string {
  if (pixels.length !== width * height) {
    throw new Error(`greyPngDataUri: ${pixels.length} pixels for ${width}×${height}`);
  }
  const raw = new Uint8Array(height * (width + 1));
  for (let r = 0; r < height; r++) {
    raw[r * (width + 1)] = 0; // filter: none
    for (let c = 0; c < width; c++) {
      const v = Math.min(1, Math.max(0, pixels[r * width + c]));
      raw[r * (width + 1) + 1 + c] = Math.round(255 * (1 - v));
    }
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit, greyscale, deflate, no filter, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(raw, { level: 9 }))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    png.set(p, at);
    at += p.length;
  }
  let binary = "";
  for (const b of png) binary += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(binary)}`;
}

export interface DigitRow {
  /** Row label (y axis). */
  label: string;
  /** One image per column, each size·size values in [0, 1]. */
  images: ArrayLike<number>[];
}

export interface DigitGridOptions {
  /** Column labels (x axis; default 1, 2, …). Must be distinct. */
  columns?: string[];
  /** Label under the columns. */
  xLabel?: string;
  /** Image side in pixels of the data (default 28). */
  size?: number;
  /** Drawn size of a cell in CSS pixels (default 30). */
  cell?: number;
  /** Width for the row labels (default 64). */
  marginLeft?: number;
  /** A tinted background behind some columns (e.g. the frames an encoder sees). */
  shade?: { columns: string[]; label?: string };
  /** Rows whose cells get a tinted background (e.g. the model's rows). */
  shadeRows?: string[];
  title?: string;
  /** Draw the row and column labels (default true). */
  axes?: boolean;
}

/** A grid of images with row and column labels: Plot options for PlotFigure. */
export function digitGrid(rows: DigitRow[], options: DigitGridOptions = {}): Plot.PlotOptions {
  const size = options.size ?? 28;
  const cell = options.cell ?? 30;
  const n = Math.max(...rows.map((r) => r.images.length));
  const columns = options.columns ?? Array.from({ length: n }, (_, i) => String(i + 1));
  if (new Set(columns).size !== columns.length || columns.length < n) {
    throw new Error(`digitGrid: need ${n} distinct column labels, got [${columns}]`);
  }
  const labels = rows.map((r) => r.label);
  if (new Set(labels).size !== labels.length) {
    throw new Error(`digitGrid: row labels must be distinct, got [${labels}]`);
  }
  const axes = options.axes ?? true;
  const marginLeft = axes ? options.marginLeft ?? 64 : 4;
  const marginTop = options.shade?.label || options.title ? 22 : 6;
  const marginBottom = !axes ? 4 : options.xLabel ? 34 : 22;
  const padding = 0.08;
  const inner = cell * (1 - padding);
  const cells = rows.flatMap((r) =>
    r.images.map((img, c) => ({
      row: r.label,
      col: columns[c],
      src: greyPngDataUri(img, size, size),
    }))
  );
  const shaded = new Set(options.shade?.columns ?? []);
  const shadedRows = new Set(options.shadeRows ?? []);
  const background = rows.flatMap((r) =>
    columns.slice(0, r.images.length).filter((c) => shaded.has(c) || shadedRows.has(r.label)).map(
      (col) => ({ row: r.label, col, both: shaded.has(col) && shadedRows.has(r.label) }),
    )
  );
  const firstShaded = columns.find((c) => shaded.has(c));
  return {
    ...BASE,
    width: marginLeft + columns.length * cell + (axes ? 8 : 4),
    height: marginTop + rows.length * cell + marginBottom,
    marginLeft,
    marginRight: axes ? 8 : 4,
    marginTop,
    marginBottom,
    title: options.title,
    x: {
      domain: columns,
      padding,
      label: options.xLabel ?? null,
      tickSize: 0,
      axis: axes ? "bottom" : null,
    },
    y: { domain: labels, padding, label: null, tickSize: 0, axis: axes ? "left" : null },
    marks: [
      Plot.cell(background, {
        x: "col",
        y: "row",
        fill: (d: { both: boolean }) => (d.both ? "#f4dccb" : "#eef3f8"),
        inset: -1,
      }),
      Plot.image(cells, {
        x: "col",
        y: "row",
        src: "src",
        width: inner,
        height: inner,
        imageRendering: "pixelated",
      }),
      ...(options.shade?.label && firstShaded
        ? [
          Plot.text([options.shade.label], {
            x: () => firstShaded,
            frameAnchor: "top",
            dy: -14,
            textAnchor: "start",
            dx: -inner / 2,
            fill: COLORS.warm,
            fontSize: 11,
          }),
        ]
        : []),
    ],
  };
}
