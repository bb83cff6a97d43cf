/**
 * Numbers from outside this repository's code that the tests check against: torchdiffeq 0.2.5
 * (float64) and scipy's DOP853 at 1e-12 on Van der Pol, copied from
 * tests/fixtures/reference/torchdiffeq_vdp_detest.json (tests/kit/reference_test.ts checks that
 * the copies still match). Copied, so that exercise tests need no file-read permission.
 */

/** Van der Pol µ = 1 from [1, 0] on [0, 15]. */
export const VDP_MU1 = {
  y0: [1, 0],
  tEnd: 15,
  /** DOP853, rtol = atol = 1e-12. */
  truthAtEnd: [-1.0331334064672284, -2.6335302736687938],
  sampleT: [
    0.0,
    1.503006012024048,
    3.006012024048096,
    4.509018036072144,
    6.012024048096192,
    7.51503006012024,
    9.01803607214429,
    10.521042084168338,
    12.024048096192384,
    13.527054108216433,
    15.0,
  ],
  truthAtSampleT: [
    [1.0, 0.0],
    [-0.21043124180587583, -1.7963925075983735],
    [-1.7254512478043058, 0.4200962585709719],
    [-0.18987198947436335, 1.944726928081493],
    [1.9508210527761212, -0.3475514951870872],
    [0.7258148661987072, -1.4132810396631428],
    [-2.0034687526835784, -0.14937830287765178],
    [-1.1234519226636412, 1.0576229506517825],
    [1.7808752943915809, 1.351665697200053],
    [1.4290328635553144, -0.8346297877182055],
    [-1.0331334064672284, -2.6335302736687938],
  ],
  /** torchdiffeq dopri5 at rtol 1e-3, atol 1e-4: evaluations and steps. */
  dopri5Loose: { rtol: 1e-3, atol: 1e-4, nfe: 338, accepted: 34, rejected: 22 },
};
