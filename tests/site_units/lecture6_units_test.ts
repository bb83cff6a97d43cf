/**
 * Lecture 6's demo code in Deno (no browser): the drawing preprocessing (drawing.ts) turns drawings into digits the shipped
 * model reads like MNIST — held-out digits blown up to canvas size and reduced again keep their
 * accuracy, and synthetic strokes of a "1" and a "0" are recognised.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mnistImage, splitMnist } from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { loadModuleWeights } from "../../lib/io/weights.ts";
import { ODENET_MNIST } from "../../lib/zoo/odenet_mnist.ts";
import {
  type InkImage,
  resizeArea,
  softmax,
  toMnist,
} from "../../site/src/lectures/06-odenet/drawing.ts";

const CANVAS = 280;

/** A 28×28 digit scaled ×10 to canvas size (nearest neighbour). */
function blowUp(pixels: ArrayLike<number>): InkImage {
  const ink = new Float32Array(CANVAS * CANVAS);
  for (let y = 0; y < CANVAS; y++) {
    for (let x = 0; x < CANVAS; x++) {
      ink[y * CANVAS + x] = pixels[Math.floor(y / 10) * 28 + Math.floor(x / 10)];
    }
  }
  return { width: CANVAS, height: CANVAS, ink };
}

/** Strokes of width `w` through the given polyline(s), rasterised on the canvas grid. */
function strokes(lines: [number, number][][], w = 22): InkImage {
  const ink = new Float32Array(CANVAS * CANVAS);
  for (let y = 0; y < CANVAS; y++) {
    for (let x = 0; x < CANVAS; x++) {
      let d = Infinity;
      for (const line of lines) {
        for (let k = 0; k + 1 < line.length; k++) {
          const [ax, ay] = line[k];
          const [bx, by] = line[k + 1];
          const t = Math.max(
            0,
            Math.min(
              1,
              ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) /
                ((bx - ax) ** 2 + (by - ay) ** 2 || 1),
            ),
          );
          d = Math.min(d, Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)));
        }
      }
      ink[y * CANVAS + x] = Math.max(0, Math.min(1, w / 2 + 0.5 - d));
    }
  }
  return { width: CANVAS, height: CANVAS, ink };
}

Deno.test("resizeArea keeps the ink's mass", () => {
  const img = Float32Array.from({ length: 37 * 23 }, (_, i) => (i * 7919) % 13 / 13);
  const out = resizeArea(img, 37, 23, 11, 7);
  const mass = (a: ArrayLike<number>, n: number) => Array.from(a).reduce((s, v) => s + v, 0) / n;
  assert.ok(Math.abs(mass(out, 11 * 7) - mass(img, 37 * 23)) < 1e-5);
  assert.deepEqual(toMnist({ width: 3, height: 3, ink: new Float32Array(9) }), undefined);
});

Deno.test({
  name: "drawings preprocessed like MNIST are read by the shipped ODE-Net",
  sanitizeResources: false,
  async fn() {
    tf.enableProdMode();
    await tf.setBackend("cpu");
    const model = ODENET_MNIST.build(0);
    await loadModuleWeights(
      model,
      "weights/odenet-mnist",
      "odenet-mnist",
      (p) => Deno.readFile(p),
    );
    const classify = (pixels: Float32Array[]) =>
      tf.tidy(() =>
        (tf.argMax(
          model.predict(tf.tensor4d(
            pixels.flatMap((p) => Array.from(p)),
            [pixels.length, 28, 28, 1],
          )),
          1,
        )
          .arraySync()) as number[]
      );
    // Held-out digits, blown up to canvas size and reduced again by the demo's pipeline.
    const data = loadMnist();
    // Every 100th official test digit (100 digits).
    const test = splitMnist(data).test.filter((_, i) => i % 100 === 0);
    const redone = test.map((i) => toMnist(blowUp(mnistImage(data, i)))!);
    const pred = classify(redone);
    const accuracy = pred.filter((p, k) => p === data.labels[test[k]]).length / test.length;
    assert.ok(accuracy >= 0.93, `re-preprocessed held-out digits: accuracy ${accuracy}`);
    // Synthetic strokes: a slanted "1" and an oval "0".
    const one = strokes([[[150, 40], [130, 240]]]);
    const zero = strokes([
      Array.from({ length: 41 }, (_, k): [number, number] => {
        const a = (2 * Math.PI * k) / 40;
        return [140 + 60 * Math.sin(a), 140 - 95 * Math.cos(a)];
      }),
    ]);
    const [p1, p0] = classify([toMnist(one)!, toMnist(zero)!]);
    assert.equal(p1, 1, "the drawn 1");
    assert.equal(p0, 0, "the drawn 0");
    const p = softmax([1, 2, 3]);
    assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-12 && p[2] > p[1]);
    model.dispose();
  },
});
