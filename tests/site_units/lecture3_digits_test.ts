/**
 * site/src/plots/digits.ts (the digit grids of lectures 3 and 4): the PNG data URIs decode to
 * the pixels they were given (ink on paper: v → 255·(1 − v)), with valid chunk CRCs; the grid
 * has one image per digit and rejects ambiguous labels.
 */
import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import { digitGrid, greyPngDataUri } from "../../site/src/plots/digits.ts";

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

Deno.test("greyPngDataUri: a valid 8-bit greyscale PNG of the pixels, ink on paper", () => {
  const [w, h] = [5, 3];
  const pixels = Array.from({ length: w * h }, (_, i) => i / (w * h - 1));
  const uri = greyPngDataUri(pixels, w, h);
  assert.match(uri, /^data:image\/png;base64,/);
  const png = Uint8Array.from(atob(uri.split(",")[1]), (ch) => ch.charCodeAt(0));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer);
  let at = 8;
  const chunks: Record<string, Uint8Array> = {};
  while (at < png.length) {
    const len = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    assert.equal(view.getUint32(at + 8 + len), crc32(png.subarray(at + 4, at + 8 + len)), type);
    chunks[type] = data;
    at += 12 + len;
  }
  const ihdr = new DataView(chunks.IHDR.buffer, chunks.IHDR.byteOffset);
  assert.equal(ihdr.getUint32(0), w);
  assert.equal(ihdr.getUint32(4), h);
  assert.deepEqual([...chunks.IHDR.subarray(8)], [8, 0, 0, 0, 0]);
  const raw = inflateSync(chunks.IDAT);
  for (let r = 0; r < h; r++) {
    assert.equal(raw[r * (w + 1)], 0, "filter byte");
    for (let c = 0; c < w; c++) {
      assert.equal(raw[r * (w + 1) + 1 + c], Math.round(255 * (1 - pixels[r * w + c])));
    }
  }
  assert.throws(() => greyPngDataUri([0, 1], 2, 2), /2 pixels for 2×2/);
});

Deno.test("digitGrid: one image mark per digit, labelled rows and columns", () => {
  const digit = new Float32Array(784).fill(0.5);
  const grid = digitGrid(
    [{ label: "a", images: [digit, digit] }, { label: "b", images: [digit] }],
    {
      columns: ["x", "y"],
    },
  );
  const image = grid.marks!.find((m) => m?.constructor.name === "Image") as unknown as {
    data: unknown[];
  };
  assert.equal(image.data.length, 3);
  assert.deepEqual((grid.x as { domain: string[] }).domain, ["x", "y"]);
  assert.throws(
    () => digitGrid([{ label: "a", images: [digit] }, { label: "a", images: [digit] }]),
    /row labels must be distinct/,
  );
  assert.throws(
    () => digitGrid([{ label: "a", images: [digit, digit] }], { columns: ["x", "x"] }),
    /distinct column labels/,
  );
});
