/**
 * A model card for the terminal: a header, the module tree drawn with box-drawing characters in
 * aligned columns (kind, layout, activation, shapes in → out, calls, parameters), the ODE blocks'
 * settings, and the training record. Plain text, no colours: the caller may add them.
 */
import { count, durationText, ioText, metricLines } from "./format.ts";
import type { CardNode, ModelCard } from "./types.ts";

export interface TextOptions {
  /** List every variable (name, shape, size) under its module. */
  params?: boolean;
}

interface Row {
  tree: string;
  kind: string;
  layout: string;
  act: string;
  io: string;
  calls: string;
  params: string;
}

const HEADER: Row = {
  tree: "module",
  kind: "kind",
  layout: "layout / solver",
  act: "act",
  io: "in → out",
  calls: "calls",
  params: "params",
};

function rows(card: ModelCard, options: TextOptions): Row[] {
  const out: Row[] = [];
  const visit = (node: CardNode, lead: string, branch: string) => {
    const isRoot = node === card.root;
    out.push({
      tree: `${lead}${branch}${node.ode ? "⟳ " : ""}${node.name}`,
      kind: node.kind,
      layout: node.ode ? node.ode.solverText : node.layout ?? "",
      act: node.activation && !isRoot ? node.activation : "",
      io: ioText(node.inputs, node.outputs, isRoot),
      calls: node.calls > 0 ? String(node.calls) : "",
      params: count(node.params),
    });
    const childLead = isRoot ? "" : lead + (branch === "└─ " ? "   " : branch ? "│  " : "");
    const own = options.params ? node.ownParams : [];
    const items = [...own.map((p) => ({ param: p })), ...node.children.map((c) => ({ child: c }))];
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      if ("param" in item) {
        const p = item.param!;
        out.push({
          tree: `${childLead}${last ? "└─ " : "├─ "}· ${p.name}`,
          kind: "",
          layout: `[${p.shape.join(",")}]`,
          act: "",
          io: "",
          calls: "",
          params: count(p.size),
        });
      } else visit(item.child!, childLead, last ? "└─ " : "├─ ");
    });
  };
  visit(card.root, "", "");
  return out;
}

/** Display width: counts code points (the box-drawing and math characters used are 1 wide). */
const width = (s: string) => [...s].length;
const padEnd = (s: string, n: number) => s + " ".repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => " ".repeat(Math.max(0, n - width(s))) + s;

function table(all: Row[]): string[] {
  const keys = Object.keys(HEADER) as (keyof Row)[];
  const widths = Object.fromEntries(keys.map((k) => [k, Math.max(...all.map((r) => width(r[k])))]));
  const right = new Set<keyof Row>(["calls", "params"]);
  return all.map((r) =>
    keys
      .map((k) => (right.has(k) ? padStart(r[k], widths[k]) : padEnd(r[k], widths[k])))
      .join("  ")
      .trimEnd()
  );
}

function odeNodes(card: ModelCard): CardNode[] {
  const out: CardNode[] = [];
  const walk = (n: CardNode) => {
    if (n.ode) out.push(n);
    n.children.forEach(walk);
  };
  walk(card.root);
  return out;
}

/** The whole card as lines of text. */
export function renderCardText(card: ModelCard, options: TextOptions = {}): string {
  const lines: string[] = [];
  lines.push(`${card.name} · ${card.kind}`);
  if (card.description) lines.push(card.description);
  const shapes = card.forward
    ? ` · shapes from ${card.forward} at B = ${card.batchSizes.join(" and ")}`
    : " · no example forward pass for this class (shapes not shown)";
  lines.push(`${count(card.totalParams)} parameters in ${card.variables} variables${shapes}`);
  lines.push("");
  const body = rows(card, options);
  const [header, ...rest] = table([HEADER, ...body]);
  lines.push(header, "─".repeat(width(header)), ...rest);
  lines.push(`total: ${count(card.totalParams)} parameters`);

  const odes = odeNodes(card);
  if (odes.length > 0) {
    lines.push("", "ODE blocks");
    for (const n of odes) {
      const o = n.ode!;
      lines.push(`  ⟳ ${n.name}: ${o.equation}`);
      const fields: [string, string | undefined][] = [
        ["solver", o.solverText],
        ["times", o.interval],
        ["gradients", o.gradient],
        ["calls", `${n.calls} field evaluations in the example forward pass`],
        ["note", o.note],
      ];
      for (const [k, v] of fields) if (v) lines.push(`      ${k.padEnd(9)}  ${v}`);
    }
  }

  lines.push("");
  const t = card.training;
  if (!t) {
    lines.push("training: no shipped weights (not in weights/manifest.json)");
  } else {
    lines.push("training (weights/manifest.json)");
    lines.push(`  command   ${t.command}`);
    lines.push(
      `  run       seed ${t.seed} · ${count(t.steps)} steps · ${durationText(t.wallTimeSeconds)} ` +
        `on ${t.backend} · ${t.hardware} · ${t.trainedAt.slice(0, 10)}`,
    );
    const metrics = metricLines(t);
    metrics.forEach((m, i) => lines.push(`  ${i === 0 ? "metrics  " : "         "} ${m}`));
  }
  return lines.join("\n");
}
