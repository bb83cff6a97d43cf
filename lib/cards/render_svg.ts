/**
 * A model card as an SVG block diagram, by pure string generation (no DOM), so a page can render
 * it at build time: the input, one box per module in the order the forward pass uses them (a
 * module with children holds their boxes), arrows between them, the output, and a footer with
 * the parameter total and the training record. ODE blocks are drawn in amber with their equation
 * and solver settings and a loop arrow for the repeated field evaluations.
 *
 * Text is monospace so its width can be estimated without measuring; lines that would not fit
 * are cut with "…". Colours are presentation attributes (no <style>), so several cards can be
 * inlined in one page without their styles leaking.
 */
import { count, durationText, ioText, metricLines, slotsText } from "./format.ts";
import type { CardNode, ModelCard } from "./types.ts";

export interface SvgOptions {
  /** Width in px (default: fitted to the longest line, between 480 and 860). */
  width?: number;
}

const FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";
const SIZE = 12;
/** Advance of one monospace character at SIZE px (≈ 0.6 em). */
const CHAR = 7.25;
const LINE = 16;
const PAD = 10;
const GAP = 18;
const INDENT = 12;
/** Most metrics listed under the diagram. */
const FOOTER_METRICS = 3;
/** Extra right margin inside an ODE block for its loop arrow. */
const LOOP = 26;

const COLORS = {
  text: "#1e293b",
  muted: "#64748b",
  leafFill: "#ffffff",
  leafStroke: "#94a3b8",
  groupFill: "#f1f5f9",
  groupStroke: "#64748b",
  odeFill: "#fffbeb",
  odeStroke: "#b45309",
  odeText: "#92400e",
  pillFill: "#eef2ff",
  pillStroke: "#4f46e5",
  arrow: "#475569",
};

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** Cuts a line to `chars` characters, ending in "…" when cut. */
function fit(s: string, chars: number): string {
  const cps = [...s];
  return cps.length <= chars ? s : cps.slice(0, Math.max(1, chars - 1)).join("") + "…";
}

interface Line {
  text: string;
  /** Muted text right after `text` (a module's class name). */
  after?: string;
  /** Right-aligned text on the same baseline (parameter counts). */
  right?: string;
  bold?: boolean;
  color?: string;
}

function nodeLines(node: CardNode): Line[] {
  const params = `${count(node.params)} params`;
  if (node.ode) {
    const o = node.ode;
    const lines: Line[] = [
      { text: `⟳ ${node.name}`, right: params, bold: true, color: COLORS.odeText },
      { text: o.equation, color: COLORS.odeText },
      { text: `${o.solverText} · ${o.interval}`, color: COLORS.odeText },
    ];
    const last = [o.gradient, `${node.calls} field calls`].filter(Boolean).join(" · ");
    lines.push({ text: last, color: COLORS.odeText });
    if (o.note) lines.push({ text: o.note, color: COLORS.odeText });
    return lines;
  }
  const lines: Line[] = [{ text: node.name, after: `  ${node.kind}`, right: params, bold: true }];
  const layout = [node.layout, node.activation].filter(Boolean).join(" · ");
  if (layout) lines.push({ text: layout, color: COLORS.muted });
  const io = ioText(node.inputs, node.outputs);
  if (io) lines.push({ text: node.calls > 1 ? `${io}  ×${node.calls}` : io });
  return lines;
}

/** Longest line (in characters, plus its right-aligned part) among a node and its children. */
function longest(node: CardNode, depth = 0): number {
  const own = nodeLines(node).map((l) =>
    [...l.text + (l.after ?? "")].length + (l.right ? [...l.right].length + 3 : 0) + depth * 3 +
    (node.ode ? 4 : 0)
  );
  return Math.max(...own, ...node.children.map((c) => longest(c, depth + 1)));
}

class Canvas {
  readonly parts: string[] = [];

  text(x: number, y: number, line: Line, chars: number, anchor = "start"): void {
    const weight = line.bold ? ` font-weight="600"` : "";
    const fill = line.color ?? COLORS.text;
    const main = fit(line.text, chars);
    const room = chars - [...main].length;
    const after = line.after && room > 1
      ? `<tspan fill="${COLORS.muted}" font-weight="400">${
        escapeXml(fit(line.after, room))
      }</tspan>`
      : "";
    this.parts.push(
      `<text x="${x}" y="${y}" fill="${fill}" text-anchor="${anchor}"${weight}>` +
        `${escapeXml(main)}${after}</text>`,
    );
  }

  rect(x: number, y: number, w: number, h: number, fill: string, stroke: string, extra = ""): void {
    this.parts.push(
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="${fill}" ` +
        `stroke="${stroke}"${extra}/>`,
    );
  }

  arrow(x: number, y1: number, y2: number, marker: string): void {
    this.parts.push(
      `<line x1="${x}" y1="${y1}" x2="${x}" y2="${y2 - 2}" stroke="${COLORS.arrow}" ` +
        `stroke-width="1.5" marker-end="url(#${marker})"/>`,
    );
  }
}

/** Draws a node's box (and its children inside it) at (x, y); returns its height. */
function drawNode(
  c: Canvas,
  node: CardNode,
  x: number,
  y: number,
  w: number,
  markers: { arrow: string; loop: string },
): number {
  const lines = nodeLines(node);
  const isOde = node.ode !== undefined;
  const hasChildren = node.children.length > 0;
  const headerH = PAD + lines.length * LINE;
  const rightPad = isOde ? LOOP : INDENT;
  const inner: { y: number; h: number }[] = [];
  let cursor = y + headerH + (hasChildren ? 6 : 0);
  const childParts = new Canvas();
  node.children.forEach((child, i) => {
    if (i > 0) {
      childParts.arrow(x + INDENT + 24, cursor - GAP + 2, cursor, markers.arrow);
    }
    const h = drawNode(childParts, child, x + INDENT, cursor, w - INDENT - rightPad, markers);
    inner.push({ y: cursor, h });
    cursor += h + GAP;
  });
  const height = hasChildren ? cursor - GAP + INDENT - y : headerH + PAD - 4;
  const [fill, stroke] = isOde
    ? [COLORS.odeFill, COLORS.odeStroke]
    : hasChildren
    ? [COLORS.groupFill, COLORS.groupStroke]
    : [COLORS.leafFill, COLORS.leafStroke];
  c.rect(x, y, w, height, fill, stroke, isOde ? ` stroke-width="1.5" stroke-dasharray="5 3"` : "");
  const chars = Math.floor((w - 2 * PAD) / CHAR);
  lines.forEach((line, i) => {
    const baseline = y + PAD + (i + 1) * LINE - 4;
    if (line.right) {
      const rightChars = [...line.right].length;
      const right = { text: line.right, color: line.color ?? COLORS.muted };
      c.text(x + w - PAD, baseline, right, rightChars, "end");
      c.text(x + PAD, baseline, line, chars - rightChars - 2);
    } else c.text(x + PAD, baseline, line, chars);
  });
  c.parts.push(...childParts.parts);
  if (isOde && inner.length > 0) {
    // The loop: from the bottom of the field's boxes back up to their top.
    const lx = x + w - LOOP / 2;
    const top = inner[0].y + 8;
    const bottom = inner[inner.length - 1].y + inner[inner.length - 1].h - 8;
    c.parts.push(
      `<path d="M ${lx - 8} ${bottom} Q ${lx} ${bottom} ${lx} ${bottom - 8} L ${lx} ${top + 8} ` +
        `Q ${lx} ${top} ${lx - 8} ${top}" fill="none" stroke="${COLORS.odeStroke}" ` +
        `stroke-width="1.5" marker-end="url(#${markers.loop})"/>`,
    );
  }
  return height;
}

function pill(c: Canvas, x: number, y: number, w: number, label: string, text: string): number {
  const h = LINE + 10;
  c.rect(x, y, w, h, COLORS.pillFill, COLORS.pillStroke);
  const chars = Math.floor((w - 2 * PAD) / CHAR);
  c.text(x + PAD, y + LINE + 1, { text: `${label}: ${text}`, color: COLORS.text }, chars);
  return h;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "card";
}

/** The card as a standalone SVG document (a string). */
export function renderCardSvg(card: ModelCard, options: SvgOptions = {}): string {
  const id = slug(card.name);
  const markers = { arrow: `${id}-arrow`, loop: `${id}-loop` };
  const training = card.training;
  const footer: Line[] = [{ text: `total ${count(card.totalParams)} parameters`, bold: true }];
  if (training) {
    footer.push({
      text: `trained: ${count(training.steps)} steps, seed ${training.seed}, ` +
        `${durationText(training.wallTimeSeconds)} on ${training.backend}`,
      color: COLORS.muted,
    });
    // Metrics with a target first; at most FOOTER_METRICS lines (the rest are in the manifest).
    const lines = metricLines(training);
    const ranked = lines.map((m, i) => ({ m, target: m.includes("(target") ? 0 : 1, i }))
      .sort((a, b) => a.target - b.target || a.i - b.i).map((r) => r.m);
    for (const m of ranked.slice(0, FOOTER_METRICS)) footer.push({ text: m, color: COLORS.muted });
    if (ranked.length > FOOTER_METRICS) {
      footer.push({
        text: `+ ${ranked.length - FOOTER_METRICS} more metrics in weights/manifest.json`,
        color: COLORS.muted,
      });
    }
  } else footer.push({ text: "no shipped weights", color: COLORS.muted });
  const input = slotsText(card.root.inputs, true);
  const output = slotsText(card.root.outputs, true);
  const subtitle = card.forward
    ? `shapes from ${card.forward}, B = batch`
    : "shapes not recorded for this class";

  const wanted = Math.max(
        ...card.root.children.map((n) => longest(n)),
        ...footer.map((l) => [...l.text].length),
        input.length + 8,
        output.length + 9,
        card.name.length + card.kind.length + 3,
      ) * CHAR + 2 * PAD + 2 * INDENT + LOOP + 24;
  const W = Math.round(options.width ?? Math.min(860, Math.max(480, wanted)));
  const x = 16;
  const w = W - 2 * x;
  const chars = Math.floor(w / CHAR);

  const c = new Canvas();
  let y = 24;
  c.text(x, y, { text: `${card.name} · ${card.kind}`, bold: true }, chars);
  y += LINE;
  c.text(x, y, { text: subtitle, color: COLORS.muted }, chars);
  y += 12;
  if (input) {
    y += pill(c, x, y, w, "input", input);
  }
  for (const node of card.root.children) {
    c.arrow(x + 24, y, y + GAP, markers.arrow);
    y += GAP;
    y += drawNode(c, node, x, y, w, markers);
  }
  if (output) {
    c.arrow(x + 24, y, y + GAP, markers.arrow);
    y += GAP;
    y += pill(c, x, y, w, "output", output);
  }
  y += 8;
  for (const line of footer) {
    y += LINE;
    c.text(x, y, line, chars);
  }
  const H = Math.round(y + 14);
  const marker = (mid: string, color: string) =>
    `<marker id="${mid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" ` +
    `markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" ` +
    `fill="${color}"/></marker>`;
  const summary = `${card.name} (${card.kind}): ${count(card.totalParams)} parameters; ` +
    card.root.children.map((n) => `${n.name} ${n.kind}`).join(", ");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
    `viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
    `font-family="${FONT}" font-size="${SIZE}">`,
    `<title id="${id}-title">Model card: ${escapeXml(card.name)}</title>`,
    `<desc id="${id}-desc">${escapeXml(summary)}</desc>`,
    `<defs>${marker(markers.arrow, COLORS.arrow)}${marker(markers.loop, COLORS.odeStroke)}</defs>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ...c.parts,
    "</svg>",
  ].join("\n") + "\n";
}
