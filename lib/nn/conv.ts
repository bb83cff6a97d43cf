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
 * The filter gradient of a "same" convolution, itself as one convolution: with the batch as the
 * channels, dW[i, j, cin, cout] = Σ_{b,r,c} xpad[b, s·r + i, s·c + j, cin]·dy[b, r, c, cout] is
 * a "valid" convolution of xpad (cin images) with dy as a (dilated by s) filter.
 * 96 ms instead of ~1.4 s by im2col for 256 images 28×28×16 → 1 on wasm (measured).
 */
function convFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kh: number,
  kw: number,
  stride: number,
) {
  const [batch, h, w, cin] = x.shape;
  const [, outH, outW] = dy.shape;
  const [, top] = samePadding(h, kh, stride);
  const [, left] = samePadding(w, kw, stride);
  const needH = kh + stride * (outH - 1);
  const needW = kw + stride * (outW - 1);
  const padded = tf.pad(x, [
    [0, 0],
    [top, Math.max(0, needH - h - top)],
    [left, Math.max(0, needW - w - left)],
    [0, 0],
  ]);
  const images = tf.transpose(tf.slice(padded, [0, 0, 0, 0], [batch, needH, needW, cin]), [
    3,
    1,
    2,
    0,
  ]) as tf.Tensor4D; // [cin, H, W, batch]
  const filter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [outH, outW, batch, cout]
  const out = tf.conv2d(images, filter, 1, "valid", "NHWC", stride); // [cin, kh, kw, cout]
  return tf.transpose(out, [1, 2, 0, 3]);
}

/**
 * "same" convolution with tfjs's fast conv kernels for the forward pass and both gradients:
 * the input gradient is a convolution with the flipped filter (stride 1) or conv2dTranspose,
 * the filter gradient is convFilterGradient. First derivatives only (all a conv here needs).
 * On wasm, for 256 images 28×28×16 → 1: 28 ms forward (440 ms by slices) and ~130 ms backward
 * (~12 s by the selection and slice formulations), measured.
 */
export const conv2dKernelGrad: (
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  stride: number,
) => tf.Tensor4D = (x, filter, stride) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, fi] = args as tf.Tensor4D[];
    (args[2] as tf.GradSaveFunc)([xi, fi]);
    return {
      value: tf.conv2d(xi, fi, stride, "same"),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, fs] = saved as tf.Tensor4D[];
        const g = dy as tf.Tensor4D;
        const [kh, kw] = fs.shape;
        const dx = stride === 1
          ? tf.conv2d(
            g,
            tf.transpose(tf.reverse(fs, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D,
            1,
            "same",
          )
          : tf.conv2dTranspose(g, fs, xs.shape, stride, "same");
        return [dx, convFilterGradient(xs, g, kh, kw, stride)];
      },
    };
  })(x, filter) as tf.Tensor4D;

/**
 * "same" convolution that is trainable on every backend and quick on cpu and wasm: tf.conv2d
 * where the backend can differentiate it w.r.t. the filter (GPU backends), and the custom
 * filter gradient above on cpu and wasm (wasm has no Conv2DBackpropFilter kernel; cpu's is slow).
 */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, stride = 1): tf.Tensor4D {
  const backend = tf.getBackend();
  if (backend !== "cpu" && backend !== "wasm" && backendHasConvFilterGradient()) {
    return tf.conv2d(x, filter, stride, "same");
  }
  return conv2dKernelGrad(x, filter, stride);
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
  /** Hidden sizes of the dense part between the latent and the first feature map (default []). */
  hidden?: number[];
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
  readonly hidden: number[];

  constructor(options: ConvDecoderOptions) {
    super();
    const {
      latentSize,
      outputChannels = 1,
      imageSize = 28,
      channels = [32, 16],
      hidden = [],
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
    this.hidden = [...hidden];
    this.baseSize = imageSize / factor;
    this.dense = new MLP([latentSize, ...hidden, this.baseSize * this.baseSize * channels[0]], {
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
