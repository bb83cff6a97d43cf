/**
 * Convolutional parts for the image models: a 2-D convolution layer, a conv encoder
 * (image → mean and log-variance of a latent Gaussian) and a conv decoder (latent → logits of
 * an image). Tensors are NHWC: [batch, height, width, channels].
 *
 * Backends: tfjs-backend-wasm has no Conv2DBackpropFilter kernel (the filter gradient of
 * tf.conv2d, and of tf.conv2dTranspose), so a conv net cannot train there with tf.conv2d, and the
 * cpu backend's conv gradients are very slow (~0.5 s for one 7×7×17→16 conv at batch 32).
 * `conv2d` below therefore computes the convolution as im2col + matMul on cpu and wasm (only
 * ops whose gradients every backend has), and uses tf.conv2d on GPU backends.
 * The decoder upsamples by nearest-neighbour resizing followed by a convolution instead of
 * transposed convolutions, for the same reason (and it avoids checkerboard artefacts).
 *
 * Initialisation as PyTorch's nn.Conv2d / nn.Linear: weights and biases ~ U(±1/√fan_in), seeded.
 */
import * as tf from "@tensorflow/tfjs";
import { type Activation, ACTIVATIONS } from "./fused_mlp.ts";
import { MLP } from "./mlp.ts";
import { Module, prefixed, variableFrom } from "./module.ts";

export type { Activation };

/** Whether the active backend can differentiate tf.conv2d w.r.t. its filter. */
export function backendHasConvFilterGradient(): boolean {
  return tf.getKernel("Conv2DBackpropFilter", tf.getBackend()) !== undefined;
}

/** Output size and (before, after) padding of TensorFlow's "same" convolution. */
function samePadding(size: number, kernel: number, stride: number): [number, number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [out, before, total - before];
}

/**
 * "same" convolution by im2col: kh·kw strided slices of the padded input, concatenated along
 * channels, times the filter as a [kh·kw·cin, cout] matrix. Equals tf.conv2d(x, f, stride,
 * "same"); its gradients use only pad, slice, reshape, concat and matMul.
 */
export function conv2dIm2col(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, h, w, cin] = x.shape;
    const [kh, kw, fin, cout] = filter.shape;
    if (fin !== cin) throw new Error(`conv2d: input has ${cin} channels, filter expects ${fin}`);
    const [outH, top] = samePadding(h, kh, stride);
    const [outW, left] = samePadding(w, kw, stride);
    // Enough rows/columns for the last slice (stride·out values from offset k−1).
    const bottom = Math.max(0, kh - 1 + stride * outH - h - top);
    const right = Math.max(0, kw - 1 + stride * outW - w - left);
    const xp = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    const patches: tf.Tensor[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        let p: tf.Tensor = tf.slice(xp, [0, i, j, 0], [batch, stride * outH, stride * outW, cin]);
        if (stride > 1) {
          // Every stride-th row, then every stride-th column, with rank-3 slices only (a rank-6
          // slice is ~20× slower on wasm).
          p = tf.reshape(p, [batch * outH, stride, stride * outW * cin]);
          p = tf.slice(p, [0, 0, 0], [batch * outH, 1, stride * outW * cin]);
          p = tf.reshape(p, [batch * outH * outW, stride, cin]);
          p = tf.slice(p, [0, 0, 0], [batch * outH * outW, 1, cin]);
        }
        patches.push(tf.reshape(p, [batch * outH * outW, cin]));
      }
    }
    const cols = patches.length === 1 ? patches[0] : tf.concat(patches, 1);
    const y = tf.matMul(cols, tf.reshape(filter, [kh * kw * cin, cout]));
    return tf.reshape(y, [batch, outH, outW, cout]);
  });
}

/**
 * The im2col matrix of a "same" convolution as a 0/1 selection matrix S [kh·kw·outH·outW, h·w]:
 * row (i, j, r, c) picks input pixel (r·stride + i − top, c·stride + j − left), or none (zero
 * padding). Cached as plain arrays (a tensor is made per call, so nothing outlives a tidy).
 */
const selectionCache = new Map<string, Float32Array>();

function selectionMatrix(h: number, w: number, kh: number, kw: number, stride: number) {
  const key = `${h},${w},${kh},${kw},${stride}`;
  const [outH, top] = samePadding(h, kh, stride);
  const [outW, left] = samePadding(w, kw, stride);
  let m = selectionCache.get(key);
  if (!m) {
    m = new Float32Array(kh * kw * outH * outW * h * w);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let r = 0; r < outH; r++) {
          for (let c = 0; c < outW; c++) {
            const sr = r * stride + i - top;
            const sc = c * stride + j - left;
            if (sr >= 0 && sr < h && sc >= 0 && sc < w) {
              m[(((i * kw + j) * outH + r) * outW + c) * h * w + sr * w + sc] = 1;
            }
          }
        }
      }
    }
    selectionCache.set(key, m);
  }
  return { m, rows: kh * kw * outH * outW, outH, outW };
}

/**
 * "same" convolution with im2col done by one matMul with a 0/1 selection matrix (see
 * selectionMatrix): fast on cpu and wasm for small images (its cost grows with (h·w)²).
 */
export function conv2dSelection(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, h, w, cin] = x.shape;
    const [kh, kw, fin, cout] = filter.shape;
    if (fin !== cin) throw new Error(`conv2d: input has ${cin} channels, filter expects ${fin}`);
    const { m, rows, outH, outW } = selectionMatrix(h, w, kh, kw, stride);
    const S = tf.tensor2d(m, [rows, h * w]);
    const xt = tf.reshape(tf.transpose(x, [1, 2, 0, 3]), [h * w, batch * cin]);
    const cols = tf.reshape(tf.matMul(S, xt), [kh * kw, outH * outW, batch, cin]);
    const patches = tf.reshape(tf.transpose(cols, [2, 1, 0, 3]), [
      batch * outH * outW,
      kh * kw * cin,
    ]);
    const y = tf.matMul(patches, tf.reshape(filter, [kh * kw * cin, cout]));
    return tf.reshape(y, [batch, outH, outW, cout]);
  });
}

/** 1-D selection [k·out, size]: row (i, r) picks position r·stride + i − before (or none). */
const selection1dCache = new Map<string, { m: Float32Array; out: number }>();

function selection1d(size: number, k: number, stride: number) {
  const key = `${size},${k},${stride}`;
  let entry = selection1dCache.get(key);
  if (!entry) {
    const [out, before] = samePadding(size, k, stride);
    const m = new Float32Array(k * out * size);
    for (let i = 0; i < k; i++) {
      for (let r = 0; r < out; r++) {
        const src = r * stride + i - before;
        if (src >= 0 && src < size) m[(i * out + r) * size + src] = 1;
      }
    }
    entry = { m, out };
    selection1dCache.set(key, entry);
  }
  return entry;
}

/**
 * "same" convolution with im2col done separably: a row-selection matMul, then a
 * column-selection matMul (each [k·out, size], broadcast over the batch). Cheapest for strided
 * downsampling (28×28 stride 2: ~40× fewer multiplications than the dense selection).
 */
export function conv2dSeparable(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, h, w, cin] = x.shape;
    const [kh, kw, fin, cout] = filter.shape;
    if (fin !== cin) throw new Error(`conv2d: input has ${cin} channels, filter expects ${fin}`);
    const rows = selection1d(h, kh, stride);
    const cols = selection1d(w, kw, stride);
    const [outH, outW] = [rows.out, cols.out];
    const r = tf.matMul(tf.tensor3d(rows.m, [1, kh * outH, h]), tf.reshape(x, [batch, h, w * cin]));
    const c = tf.matMul(
      tf.tensor3d(cols.m, [1, kw * outW, w]),
      tf.reshape(r, [batch * kh * outH, w, cin]),
    ); // [batch·kh·outH, kw·outW, cin]
    const patches = tf.transpose(tf.reshape(c, [batch, kh, outH, kw, outW, cin]), [
      0,
      2,
      4,
      1,
      3,
      5,
    ]);
    const y = tf.matMul(
      tf.reshape(patches, [batch * outH * outW, kh * kw * cin]),
      tf.reshape(filter, [kh * kw * cin, cout]),
    );
    return tf.reshape(y, [batch, outH, outW, cout]);
  });
}

/** Largest selection matrix (entries) conv2d uses before it switches to slicing. */
const MAX_SELECTION_ENTRIES = 500_000;

/**
 * "same" convolution that is trainable on every backend and quick on cpu and wasm:
 * tf.conv2d on GPU backends that can differentiate it; otherwise im2col by separable selection
 * matMuls for strided convs, by one dense selection matMul for small stride-1 images (the ODE
 * block's 7×7, 14×14) and by slices for larger ones (28×28). All give the same numbers up to
 * float rounding (tested); the choice was measured on wasm and cpu.
 */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, stride = 1): tf.Tensor4D {
  const backend = tf.getBackend();
  if (backend !== "cpu" && backend !== "wasm" && backendHasConvFilterGradient()) {
    return tf.conv2d(x, filter, stride, "same");
  }
  if (stride > 1) return conv2dSeparable(x, filter, stride);
  const [, h, w] = x.shape;
  const [kh, kw] = filter.shape;
  const entries = kh * kw * h * w * h * w;
  return entries <= MAX_SELECTION_ENTRIES
    ? conv2dSelection(x, filter, stride)
    : conv2dIm2col(x, filter, stride);
}

/**
 * Nearest-neighbour upsampling by an integer factor: [b, h, w, c] → [b, f·h, f·w, c], by
 * reshape and tile. (tf.image.resizeNearestNeighbor's gradient in tfjs 4.22 does not match its
 * forward pass — found against finite differences — so it is not used.)
 */
export function upsample(x: tf.Tensor4D, factor = 2): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  // Broadcasting against ones copies each pixel into a factor × factor block; its gradient sums
  // the block back (tile's gradient is not implemented for rank 6).
  return tf.tidy(() =>
    tf.reshape(
      tf.mul(tf.reshape(x, [b * h, 1, w, 1, c]), tf.ones([1, factor, 1, factor, 1])),
      [b, h * factor, w * factor, c],
    )
  );
}

export interface Conv2dOptions {
  /** Square kernel size (default 3). */
  kernel?: number;
  /** Stride (default 1); "same" padding, so the output is ⌈size/stride⌉. */
  stride?: number;
  /** Seed of the weights (seed) and bias (seed + 1). */
  seed?: number;
}

/** A 2-D convolution layer: parameters "W" [k, k, in, out] and "b" [out]. */
export class Conv2d extends Module {
  readonly W: tf.Variable;
  readonly b: tf.Variable;
  readonly stride: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    options: Conv2dOptions = {},
  ) {
    super();
    const { kernel = 3, stride = 1, seed = 0 } = options;
    const bound = 1 / Math.sqrt(kernel * kernel * inChannels);
    this.stride = stride;
    this.W = variableFrom(() =>
      tf.randomUniform([kernel, kernel, inChannels, outChannels], -bound, bound, "float32", seed)
    );
    this.b = variableFrom(() =>
      tf.randomUniform([outChannels], -bound, bound, "float32", seed + 1)
    );
  }

  /** x: [b, h, w, in] → [b, ⌈h/stride⌉, ⌈w/stride⌉, out]. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => tf.add(conv2d(x, this.W as tf.Tensor4D, this.stride), this.b));
  }

  namedParameters(): Record<string, tf.Variable> {
    return { W: this.W, b: this.b };
  }
}

export interface ConvEncoderOptions {
  /** Size of the latent Gaussian; the encoder outputs 2·latentSize numbers (mean, log-variance). */
  latentSize: number;
  /** Channels of the input image (default 1; e.g. 3 to encode three stacked frames). */
  inputChannels?: number;
  /** Height = width of the input (default 28). */
  imageSize?: number;
  /** Output channels of the stride-2 conv layers (default [16, 32]: 28 → 14 → 7). */
  channels?: number[];
  /** Width of a hidden dense layer after flattening (default 0: none). */
  hidden?: number;
  /** Activation after every conv (and the hidden dense) layer (default "elu"). */
  activation?: Activation;
  /** Seed; layer i uses seed + 10·i and seed + 10·i + 1. */
  seed?: number;
}

/**
 * Image → q(z | x): conv 3×3 stride 2 + activation per entry of `channels`, flatten, (optional
 * hidden dense + activation), dense → [mean, logVar]. Parameters: "conv0/W", "conv0/b", …,
 * "dense/W0", "dense/b0", … Default (latent 16): 1→16→32 channels, 28→14→7, 7·7·32 = 1568
 * features → 32 outputs: 55,680 parameters.
 */
export class ConvEncoder extends Module {
  readonly convs: Conv2d[];
  readonly dense: MLP;
  readonly latentSize: number;
  readonly inputChannels: number;
  readonly imageSize: number;
  readonly activation: Activation;
  /** Spatial size after the convolutions. */
  readonly featureSize: number;

  constructor(options: ConvEncoderOptions) {
    super();
    const {
      latentSize,
      inputChannels = 1,
      imageSize = 28,
      channels = [16, 32],
      hidden = 0,
      activation = "elu",
      seed = 0,
    } = options;
    if (!Number.isInteger(latentSize) || latentSize < 1) {
      throw new Error(`ConvEncoder: latentSize must be a positive integer, got ${latentSize}`);
    }
    this.latentSize = latentSize;
    this.inputChannels = inputChannels;
    this.imageSize = imageSize;
    this.activation = activation;
    let size = imageSize;
    let cin = inputChannels;
    this.convs = channels.map((cout, i) => {
      const layer = new Conv2d(cin, cout, { stride: 2, seed: seed + 10 * i });
      cin = cout;
      size = Math.ceil(size / 2);
      return layer;
    });
    this.featureSize = size;
    const flat = size * size * cin;
    const sizes = hidden > 0 ? [flat, hidden, 2 * latentSize] : [flat, 2 * latentSize];
    this.dense = new MLP(sizes, { activation, seed: seed + 10 * channels.length });
  }

  /** x: [b, imageSize, imageSize, inputChannels] → [b, 2·latentSize] (mean then log-variance). */
  apply(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const act = ACTIVATIONS[this.activation];
      let h = x as tf.Tensor4D;
      for (const conv of this.convs) h = act(conv.apply(h)) as tf.Tensor4D;
      return this.dense.apply(tf.reshape(h, [h.shape[0], -1])) as tf.Tensor2D;
    });
  }

  /** The posterior's mean and log-variance, each [b, latentSize]. */
  encode(x: tf.Tensor): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
    return tf.tidy(() => {
      const [mean, logVar] = tf.split(this.apply(x), 2, 1) as tf.Tensor2D[];
      return { mean, logVar };
    });
  }

  namedParameters(): Record<string, tf.Variable> {
    const children: Record<string, Module> = {};
    this.convs.forEach((c, i) => (children[`conv${i}`] = c));
    children.dense = this.dense;
    return prefixed(children);
  }
}

export interface ConvDecoderOptions {
  /** Size of the latent input. */
  latentSize: number;
  /** Channels of the output image (default 1). */
  outputChannels?: number;
  /** Height = width of the output (default 28); must be divisible by 2^channels.length. */
  imageSize?: number;
  /**
   * Channels of the feature maps before each ×2 upsampling (default [32, 16]: dense → 7×7×32,
   * ↑14 conv → 16, ↑28 conv → outputChannels).
   */
  channels?: number[];
  /** Activation after the dense layer and the inner convs (default "elu"). */
  activation?: Activation;
  /** Seed; layer i uses seed + 10·i and seed + 10·i + 1. */
  seed?: number;
}

/**
 * z → image logits: dense → reshape to (imageSize/2^n)² × channels[0]; then for each i:
 * upsample ×2, conv 3×3 → channels[i+1] (or outputChannels for the last) with the activation
 * between layers and none at the end. Parameters: "dense/W0", "dense/b0", "conv0/W", …
 * Default (latent 16): 16 → 1568 → 7×7×32 → 14×14×16 → 28×28×1: 31,537 parameters.
 * For a sequence decode frames as a batch: reshape [b, T, latent] → [b·T, latent].
 */
export class ConvDecoder extends Module {
  readonly dense: MLP;
  readonly convs: Conv2d[];
  readonly latentSize: number;
  readonly outputChannels: number;
  readonly imageSize: number;
  readonly activation: Activation;
  readonly baseSize: number;
  readonly channels: number[];

  constructor(options: ConvDecoderOptions) {
    super();
    const {
      latentSize,
      outputChannels = 1,
      imageSize = 28,
      channels = [32, 16],
      activation = "elu",
      seed = 0,
    } = options;
    const factor = 2 ** channels.length;
    if (imageSize % factor !== 0) {
      throw new Error(
        `ConvDecoder: imageSize ${imageSize} must be divisible by 2^${channels.length} = ${factor}`,
      );
    }
    this.latentSize = latentSize;
    this.outputChannels = outputChannels;
    this.imageSize = imageSize;
    this.activation = activation;
    this.channels = [...channels];
    this.baseSize = imageSize / factor;
    this.dense = new MLP([latentSize, this.baseSize * this.baseSize * channels[0]], {
      activation,
      seed,
    });
    this.convs = channels.map((cin, i) =>
      new Conv2d(cin, i + 1 < channels.length ? channels[i + 1] : outputChannels, {
        seed: seed + 10 * (i + 1),
      })
    );
  }

  /** z: [b, latentSize] → logits [b, imageSize, imageSize, outputChannels]. */
  apply(z: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => {
      const act = ACTIVATIONS[this.activation];
      const s = this.baseSize;
      let h = act(this.dense.apply(z)).reshape([-1, s, s, this.channels[0]]) as tf.Tensor4D;
      this.convs.forEach((conv, i) => {
        h = conv.apply(upsample(h));
        if (i + 1 < this.convs.length) h = act(h) as tf.Tensor4D;
      });
      return h;
    });
  }

  namedParameters(): Record<string, tf.Variable> {
    const children: Record<string, Module> = { dense: this.dense };
    this.convs.forEach((c, i) => (children[`conv${i}`] = c));
    return prefixed(children);
  }
}
