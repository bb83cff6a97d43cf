/**
 * One look for every plot, static (built into SVG) or live (drawn in a demo): colours, fonts and
 * the base options. Imported by build-time figures and by demos, so it must stay DOM-free.
 */
export const COLORS = {
  accent: "#1f5f99",
  warm: "#c2571d",
  green: "#2c7a4b",
  purple: "#6b4fa0",
  grey: "#8a949f",
  field: "#9db4cc",
  ink: "#1b2129",
};

/** Categorical palette for methods and series. */
export const PALETTE = [
  "#1f5f99",
  "#c2571d",
  "#2c7a4b",
  "#6b4fa0",
  "#b8326a",
  "#8c6d1f",
  "#3b8b9b",
  "#555d66",
];

export const BASE = {
  style: {
    fontSize: "12px",
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    background: "transparent",
    overflow: "visible",
  },
  marginLeft: 44,
  marginBottom: 36,
} as const;

/** "1.2e-5" style numbers for log axes and readouts. */
export function sci(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-2 && a < 1e4
    ? x.toPrecision(digits + 1).replace(/\.?0+$/, "")
    : x.toExponential(digits);
}
