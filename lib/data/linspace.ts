/** n evenly spaced numbers from a to b inclusive (time grids for data and plots). */
export function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  return Array.from({ length: n }, (_, i) => a + (b - a) * i / (n - 1));
}
