/** The planned lectures, in teaching order. Pages and the navigation read this one list. */
export interface Lecture {
  /** Lecture number, 0-based, as in the original Neural-ODE tutorial. */
  n: number;
  title: string;
  /** One line on what the lecture covers. */
  summary: string;
  /** URL of the lecture page once written; undefined while it is still to come. */
  href?: string;
}

export const lectures: Lecture[] = [
  {
    n: 0,
    title: "Welcome",
    summary: "What the workshop covers, how to run the kit, the schedule.",
  },
  {
    n: 1,
    title: "ODEs and numerical solvers",
    summary: "Euler to Dormand–Prince, step-size control, the Van der Pol oscillator.",
  },
  {
    n: 2,
    title: "Neural ODEs",
    summary:
      "A vector field given by a neural network; gradients through the solver and by the adjoint.",
  },
  {
    n: 3,
    title: "VAE primer",
    summary: "Encoders, decoders, the ELBO and the reparameterisation trick on MNIST.",
  },
  {
    n: 4,
    title: "Latent Bayesian Neural ODEs (ODE-VAE)",
    summary: "A Bayesian neural vector field in a latent space; rotating MNIST.",
  },
  {
    n: 5,
    title: "Latent ODEs for irregular time series",
    summary: "ODE-RNN encoders, interpolation and extrapolation on irregularly sampled spirals.",
  },
  {
    n: 6,
    title: "ResNets are discretised ODEs",
    summary: "From residual blocks to ODE blocks: ODENet on MNIST.",
  },
  {
    n: 7,
    title: "Continuous normalising flows",
    summary: "Instantaneous change of variables, trace estimators, 2-D densities.",
  },
  {
    n: 8,
    title: "Related work",
    summary: "Augmented Neural ODEs and where the field went next.",
  },
];
