/**
 * Activations whose gradients are themselves exactly differentiable.
 *
 * tfjs 4.22's tanh, sigmoid and elu compute their gradient from the op's saved OUTPUT, and when
 * a gradient is taken inside another gradient (a CNF's trace term, trained by backprop) the
 * outer pass misses the path through that saved output: the second-order gradient comes out
 * wrong without any error (found against finite differences). These versions save the INPUT and
 * recompute the derivative from it, so every path is on the tape.
 */
import * as tf from "@tensorflow/tfjs";

type Unary = (x: tf.Tensor) => tf.Tensor;

function withInputGradient(forward: Unary, derivative: Unary): Unary {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    (args[1] as tf.GradSaveFunc)([x]);
    return {
      value: forward(x),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        tf.mul(dy as tf.Tensor, derivative(saved[0])),
    };
  }) as Unary;
}

export const tanh2: Unary = withInputGradient(tf.tanh, (x) => tf.sub(1, tf.square(tf.tanh(x))));

export const sigmoid2: Unary = withInputGradient(tf.sigmoid, (x) => {
  const s = tf.sigmoid(x);
  return tf.mul(s, tf.sub(1, s));
});

// elu′(x) = 1 for x > 0, eˣ otherwise: exactly exp(min(x, 0)), with no comparison op (which has
// no gradient in tfjs and would break the outer pass).
export const elu2: Unary = withInputGradient(tf.elu, (x) => tf.exp(tf.minimum(x, 0)));
