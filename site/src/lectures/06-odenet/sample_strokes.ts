/**
 * One pen path per digit on the 280×280 drawing pad, for readers who cannot draw with a pointer:
 * the digit demo draws the chosen one with the same pen as the mouse (WCAG 2.1.1, keyboard). Each
 * digit is a list of strokes; each stroke a polyline of [x, y] points, written the way a hand
 * would draw it (tests/site/lecture6_test.ts checks the network reads every one as its digit).
 */
export type Stroke = readonly (readonly [number, number])[];

/** "x y, x y, …" → a polyline. */
function path(points: string): Stroke {
  return points.split(",").map((p) => p.trim().split(/\s+/).map(Number) as [number, number]);
}

/** An ellipse as a closed polyline, from the top, clockwise. */
function ellipse(cx: number, cy: number, rx: number, ry: number, points = 24): Stroke {
  return Array.from({ length: points + 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / points;
    return [cx + rx * Math.sin(a), cy - ry * Math.cos(a)] as const;
  });
}

/** SAMPLE_STROKES[d]: the strokes of digit d. */
export const SAMPLE_STROKES: readonly (readonly Stroke[])[] = [
  [ellipse(140, 140, 62, 92)],
  [path("118 72, 150 42, 150 240")],
  [path("88 92, 108 56, 150 44, 190 60, 200 100, 180 142, 92 234, 212 234")],
  [path("88 62, 150 44, 194 74, 186 118, 138 136, 190 156, 200 200, 160 236, 90 224")],
  [path("172 238, 172 44, 80 172, 214 172")],
  [path("196 48, 106 48, 96 130, 150 120, 196 150, 200 200, 160 236, 94 222")],
  [path("186 54, 130 70, 96 140, 100 210, 146 238, 190 210, 190 166, 146 146, 100 176")],
  [path("84 50, 206 50, 128 242")],
  [
    path(
      "140 136, 180 110, 186 70, 140 44, 94 70, 100 110, 140 136, 190 172, 190 216, 140 240, " +
        "90 216, 90 172, 140 136",
    ),
  ],
  [path("190 100, 150 130, 100 112, 98 66, 140 44, 186 60, 190 100, 184 240")],
];
