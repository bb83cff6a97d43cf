/** Numbers for running text, as the lectures quote computed values. */
const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/**
 * A number for running text: 1,817 · 3.0 · 0.25 · −3,000 · 2.2 × 10⁻⁴ · 10⁻⁵ (`digits`
 * significant digits below 100; whole numbers from 100 on).
 */
export function prose(x: number, digits = 2): string {
  const a = Math.abs(x);
  const sign = x < 0 ? "−" : "";
  if (a === 0) return "0";
  if (a >= 100 && a < 1e7) return sign + Math.round(a).toLocaleString("en-US");
  if (Number.isInteger(a) && a < 100) return sign + String(a);
  // An exact power of ten below 1 (a setting such as rtol) as 10⁻ⁿ.
  const power = Math.round(Math.log10(a));
  if (a < 1 && a === Number(`1e${power}`)) return `${sign}10${superscript(power)}`;
  if (a >= 1e-2 && a < 100) return sign + a.toPrecision(digits);
  const [m, e] = a.toExponential(digits - 1).split("e");
  return `${sign}${m} × 10${superscript(Number(e))}`;
}

function superscript(n: number): string {
  return String(n).replace(/./g, (c) => SUPERSCRIPT[c]);
}

/** A share as a percentage; one decimal where rounding would claim 0 % or 100 %. */
export function percent(x: number): string {
  const p = 100 * x;
  const r = Math.round(p);
  return ((r === 100 && p < 100) || (r === 0 && p > 0) ? p.toFixed(1) : String(r)) + "%";
}
