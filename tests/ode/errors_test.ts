/**
 * lib/ode on bad input: every mistake fails with its own error class, a message that names the
 * argument (or the time where things went wrong) and a "Fix:" hint, and frees its tensors.
 */
import assert from "node:assert/strict";
import { expectNoLeak, tf, vanDerPol } from "../_setup.ts";
import { nonFiniteProbe } from "../../lib/ode/state.ts";
import {
  type MethodName,
  NonFiniteStateError,
  OdeArgumentError,
  OdeDtypeError,
  OdeError,
  odeintAdjoint,
  OdeShapeError,
  solve,
  type SolveOptions,
  StepBudgetError,
  type VectorField,
} from "../../lib/mod.ts";

// deno-lint-ignore no-explicit-any
type ErrorClass<E> = new (...args: any[]) => E;

/**
 * Runs fn, which must throw an instance of `cls` (an OdeError) whose message contains every
 * string in `mentions` and a non-empty "Fix:" hint. Also checks that nothing leaked unless
 * `leakCheck` is false. Returns the error for further checks.
 */
async function expectOdeError<E extends OdeError>(
  fn: () => unknown,
  cls: ErrorClass<E>,
  mentions: string[],
  leakCheck = true,
): Promise<E> {
  let caught: unknown;
  const attempt = () => {
    try {
      const result = fn();
      if (result instanceof tf.Tensor) result.dispose();
      if (result && typeof result === "object" && "ys" in result) {
        (result.ys as tf.Tensor).dispose();
      }
    } catch (error) {
      caught = error;
    }
  };
  if (leakCheck) await expectNoLeak(attempt, `a call that throws ${cls.name}`);
  else attempt();
  assert.ok(caught !== undefined, `expected ${cls.name}, but nothing was thrown`);
  assert.ok(
    caught instanceof cls,
    `expected ${cls.name}, got ${
      caught instanceof Error ? `${caught.name}: ${caught.message}` : caught
    }`,
  );
  assert.ok(caught instanceof OdeError, `${cls.name} should extend OdeError`);
  assert.equal(caught.name, cls.name);
  const message = caught.message;
  assert.match(message, /Fix: \S/, `no "Fix:" hint in: ${message}`);
  for (const m of mentions) {
    assert.ok(message.includes(m), `message should mention ${JSON.stringify(m)}: ${message}`);
  }
  return caught;
}

/** An OdeArgumentError naming `argument` first in its message. */
async function expectArgumentError(
  fn: () => unknown,
  argument: string,
  mentions: string[] = [],
  leakCheck = true,
): Promise<OdeArgumentError> {
  const e = await expectOdeError(fn, OdeArgumentError, mentions, leakCheck);
  assert.equal(e.argument, argument);
  assert.ok(
    e.message.startsWith(`${argument}: `),
    `message should start with "${argument}: ": ${e.message}`,
  );
  assert.ok(e.fix.length > 0);
  return e;
}

const decay: VectorField = (_t, y) => tf.neg(y);
const square: VectorField = (_t, y) => tf.square(y);

/** Runs body with a fresh y0 (float32 [1, 0.5] unless given) and disposes it afterwards. */
async function withY0<T>(
  body: (y0: tf.Tensor) => Promise<T> | T,
  values: number[] | number[][] = [1, 0.5],
) {
  const y0 = tf.tensor(values);
  try {
    return await body(y0);
  } finally {
    y0.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Arguments checked before any integration.

Deno.test("errors: unknown method → OdeArgumentError naming options.method", async () => {
  await withY0(async (y0) => {
    for (const bad of ["rk5", "RK4", "toString", ""]) {
      await expectArgumentError(
        () => solve(decay, y0, [0, 1], { method: bad as MethodName }),
        "options.method",
        [`"${bad}"`, "dopri5", "rk4"],
      );
    }
  });
});

Deno.test("errors: t not strictly monotone → OdeArgumentError naming t", async (t) => {
  const cases: [string, number[]][] = [
    ["non-monotone", [0, 1, 0.5]],
    ["non-monotone backward", [1, 0, 0.5]],
    ["duplicate value", [0, 0.5, 0.5, 1]],
    ["duplicate first value", [0, 0, 1]],
    ["duplicate backward", [1, 0.5, 0.5]],
  ];
  for (const [label, ts] of cases) {
    await t.step(label, async () => {
      await withY0(async (y0) => {
        for (const method of ["rk4", "dopri5"] as const) {
          await expectArgumentError(() => solve(decay, y0, ts, { method }), "t", ["strictly"]);
        }
      });
    });
  }
});

Deno.test("errors: t empty → OdeArgumentError naming t", async () => {
  await withY0(async (y0) => {
    await expectArgumentError(() => solve(decay, y0, []), "t", ["empty"]);
    await expectArgumentError(() => solve(decay, y0, new Float64Array(0)), "t", ["empty"]);
  });
});

Deno.test("errors: t containing NaN or ±Infinity → OdeArgumentError naming t", async () => {
  await withY0(async (y0) => {
    await expectArgumentError(() => solve(decay, y0, [0, NaN, 1]), "t", ["t[1]", "NaN"]);
    await expectArgumentError(() => solve(decay, y0, [NaN]), "t", ["t[0]"]);
    await expectArgumentError(() => solve(decay, y0, [0, 1, Infinity]), "t", ["t[2]"]);
    await expectArgumentError(() => solve(decay, y0, [-Infinity, 0], { method: "rk4" }), "t", [
      "t[0]",
    ]);
  });
});

Deno.test("errors: t not an array of numbers → OdeArgumentError naming t", async () => {
  await withY0(async (y0) => {
    const asTensor = tf.tensor1d([0, 1]);
    await expectArgumentError(() => solve(decay, y0, asTensor as unknown as number[]), "t");
    asTensor.dispose();
    await expectArgumentError(() => solve(decay, y0, 1 as unknown as number[]), "t");
    await expectArgumentError(() => solve(decay, y0, undefined as unknown as number[]), "t");
  });
});

Deno.test("errors: y0 not a float32 tensor (int32) → OdeArgumentError naming y0", async () => {
  const y0 = tf.tensor1d([1, 2], "int32");
  await expectArgumentError(() => solve(decay, y0, [0, 1]), "y0", ["float32", "int32", "tf.cast"]);
  await expectArgumentError(() => solve(decay, y0, [0, 1], { method: "euler" }), "y0", ["int32"]);
  y0.dispose();
  const b = tf.tensor1d([true, false], "bool");
  await expectArgumentError(() => solve(decay, b, [0, 1]), "y0", ["bool"]);
  b.dispose();
});

Deno.test("errors: y0 not a tensor at all → OdeArgumentError naming y0", async () => {
  for (const bad of [[1, 2], 1.5, null, undefined, new Float32Array([1, 2])]) {
    await expectArgumentError(() => solve(decay, bad as unknown as tf.Tensor, [0, 1]), "y0", [
      "tf.Tensor",
    ]);
  }
});

Deno.test("errors: y0 already disposed → OdeArgumentError naming y0", async () => {
  const y0 = tf.tensor1d([1, 2]);
  y0.dispose();
  await expectArgumentError(() => solve(decay, y0, [0, 1]), "y0", ["disposed"]);
});

Deno.test("errors: f not a function → OdeArgumentError naming f", async () => {
  await withY0(async (y0) => {
    await expectArgumentError(() => solve(3 as unknown as VectorField, y0, [0, 1]), "f");
  });
});

Deno.test("errors: f returning a non-tensor → OdeArgumentError naming f", async () => {
  await withY0(async (y0) => {
    for (const method of ["rk4", "dopri5"] as const) {
      const e = await expectArgumentError(
        () => solve((() => [1, 2]) as unknown as VectorField, y0, [0, 1], { method }),
        "f",
        ["tf.Tensor", "t=0"],
      );
      assert.ok(e.message.includes("object"), e.message);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The vector field returns the wrong shape.

Deno.test("errors: f returning a different shape → OdeShapeError with both shapes", async (t) => {
  // expectOdeError also checks that nothing leaks, including the wrong-shaped tensor f returned.
  const doubled: VectorField = (_t, y) => tf.concat([y, y]);
  await t.step("state [2], f returns [4] at t0 (every method)", async () => {
    await withY0(async (y0) => {
      for (
        const method of [
          "euler",
          "midpoint",
          "heun",
          "rk4",
          "rk4_38",
          "bosh3",
          "dopri5",
          "tsit5",
        ] as const
      ) {
        const e = await expectOdeError(
          () => solve(doubled, y0, [0, 1], { method }),
          OdeShapeError,
          ["f(t, y)", "[4]", "[2]", "t=0"],
        );
        assert.deepEqual([...e.expected], [2]);
        assert.deepEqual([...e.got], [4]);
        assert.equal(e.t, 0);
      }
    });
  });

  await t.step("batched state [3, 2], f drops the batch dimension → [2]", async () => {
    await withY0(async (y0) => {
      for (const method of ["rk4", "dopri5"] as const) {
        const e = await expectOdeError(
          () => solve((_t, y) => tf.sum(y, 0), y0, [0, 1], { method }),
          OdeShapeError,
          ["[3,2]", "[2]"],
        );
        assert.deepEqual([...e.expected], [3, 2]);
        assert.deepEqual([...e.got], [2]);
      }
    }, [[1, 0], [0, 1], [2, 2]]);
  });

  await t.step("batched state [3, 2], f transposes → [2, 3]", async () => {
    await withY0(async (y0) => {
      const e = await expectOdeError(
        () => solve((_t, y) => tf.transpose(y), y0, [0, 1], { method: "tsit5" }),
        OdeShapeError,
        ["[2,3]", "[3,2]"],
      );
      assert.deepEqual([...e.got], [2, 3]);
    }, [[1, 0], [0, 1], [2, 2]]);
  });

  await t.step("shape goes wrong mid-solve: reported at that time, nothing leaks", async () => {
    const lateWrong: VectorField = (s, y) => s > 0.5 ? tf.concat([y, y]) : tf.neg(y);
    await withY0(async (y0) => {
      for (const method of ["rk4", "dopri5"] as const) {
        const opts: SolveOptions = method === "rk4" ? { method, stepSize: 0.1 } : { method };
        const e = await expectOdeError(() => solve(lateWrong, y0, [0, 1], opts), OdeShapeError, [
          "f(t, y)",
        ]);
        assert.ok(e.t > 0.5 && e.t <= 1, `${method}: reported t=${e.t}`);
        assert.ok(e.message.includes(`t=${e.t}`));
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Non-finite values.

Deno.test("errors: f returning int32 → OdeDtypeError naming the dtype, on every method", async () => {
  // Integer arithmetic in the field used to give dopri5 [1, 0] instead of ≈ [0.368, 0] without
  // a word, and rk4 an untyped dtype error. The field makes an intermediate (the comparison):
  // expectOdeError's leak check covers it too.
  const integer: VectorField = (_t, y) => tf.cast(tf.greater(y, 0), "int32");
  await withY0(async (y0) => {
    for (const method of ["euler", "rk4", "dopri5", "tsit5"] as const) {
      const e = await expectOdeError(
        () => solve(integer, y0, [0, 1], { method }),
        OdeDtypeError,
        ["int32", "float32", "t=0"],
      );
      assert.equal(e.got, "int32");
    }
  });
});

Deno.test("errors: NaN in y0 → NonFiniteStateError at t0", async () => {
  await withY0(async (y0) => {
    for (const method of ["bosh3", "dopri5", "tsit5"] as const) {
      const e = await expectOdeError(
        () => solve(decay, y0, [0.5, 1], { method }),
        NonFiniteStateError,
        [
          "y0",
          "t=0.5",
        ],
      );
      assert.equal(e.t, 0.5);
    }
    for (const method of ["euler", "rk4"] as const) {
      // Fixed methods check their outputs once at the end; the first bad output is y0 itself.
      const e = await expectOdeError(
        () => solve(decay, y0, [0.5, 1], { method }),
        NonFiniteStateError,
        [
          "t=0.5",
        ],
      );
      assert.equal(e.t, 0.5);
    }
    // Backward: the reported time is the caller's, not the internally flipped one.
    const e = await expectOdeError(
      () => solve(decay, y0, [2, 1], { method: "dopri5" }),
      NonFiniteStateError,
      [
        "t=2",
      ],
    );
    assert.equal(e.t, 2);
  }, [1, NaN]);
});

Deno.test("errors: Inf in y0 → NonFiniteStateError", async () => {
  await withY0(async (y0) => {
    await expectOdeError(() => solve(decay, y0, [0, 1]), NonFiniteStateError, ["y0"]);
    await expectOdeError(() => solve(decay, y0, [0, 1], { method: "heun" }), NonFiniteStateError, [
      "t=0",
    ]);
  }, [Infinity, 0]);
});

Deno.test("errors: fixed step through a blow-up (euler, y' = y²) → NonFiniteStateError with a time", async () => {
  // y = 1/(1 − t) blows up at t = 1; euler lags behind but overflows float32 before t = 3.
  const ts = [0, 0.5, 1, 1.5, 2, 2.5, 3];
  await withY0(async (y0) => {
    for (const [method, stepSize] of [["euler", 0.1], ["rk4", 0.25]] as const) {
      const e = await expectOdeError(
        () => solve(square, y0, ts, { method, stepSize }),
        NonFiniteStateError,
        ["the solution", "t="],
      );
      assert.ok(
        ts.includes(e.t) && e.t >= 1,
        `${method}: reported t=${e.t}, an output time ≥ 1 expected`,
      );
      assert.ok(e.message.includes(`t=${e.t}`));
      // The same solve stopping before the blow-up succeeds.
      const ok = solve(square, y0, [0, 0.5], { method, stepSize });
      ok.ys.dispose();
    }
  }, [1]);
});

Deno.test("errors: adaptive step with a field that is NaN right after t0 → NonFiniteStateError", async () => {
  const nanAfterStart: VectorField = (s, y) => s > 0 ? tf.mul(y, NaN) : tf.neg(y);
  await withY0(async (y0) => {
    for (const method of ["bosh3", "dopri5", "tsit5"] as const) {
      const e = await expectOdeError(
        () => solve(nanAfterStart, y0, [0, 1], { method }),
        NonFiniteStateError,
        ["t=0", "trial step"],
      );
      assert.equal(e.t, 0);
    }
  });
});

Deno.test("errors: adaptive step into a blow-up (y' = y² past t = 1) fails at t ≈ 1", async () => {
  // The exact solution stays finite at every float64 time before 1; only trial steps across
  // t = 1 overflow. The controller shrinks dt until it underflows there. Which class that is
  // depends on whether the last trial overflowed: NonFiniteStateError if it did, otherwise
  // StepBudgetError "step size underflowed" (today, for both methods; torchdiffeq fails the same
  // way, with "underflow in dt"). Either way the error must name the blow-up time.
  await withY0(async (y0) => {
    for (const method of ["dopri5", "tsit5"] as const) {
      let caught: unknown;
      await expectNoLeak(() => {
        try {
          solve(square, y0, [0, 2], { method, rtol: 1e-6, atol: 1e-8 }).ys.dispose();
        } catch (error) {
          caught = error;
        }
      });
      assert.ok(
        caught instanceof NonFiniteStateError || caught instanceof StepBudgetError,
        `${method}: expected NonFiniteStateError or StepBudgetError, got ${caught}`,
      );
      assert.ok(Math.abs(caught.t - 1) < 1e-3, `${method}: reported t=${caught.t}, expected ≈ 1`);
      assert.ok(caught.message.includes(`t=${caught.t}`));
      assert.match(caught.message, /Fix: \S/);
      if (caught instanceof StepBudgetError) assert.match(caught.message, /underflow/);
    }
  }, [1]);
});

Deno.test("errors: adaptive step with a field that turns NaN at t = 0.5 → NonFiniteStateError at 0.5", async () => {
  // The solver creeps up to 0.5 (every trial across it is NaN, every shorter one is fine) until
  // dt underflows; because the trials failed on NaN, that is reported as non-finite, not as a
  // step budget.
  const nanLater: VectorField = (s, y) => s > 0.5 ? tf.mul(y, NaN) : tf.neg(y);
  await withY0(async (y0) => {
    for (const method of ["bosh3", "dopri5", "tsit5"] as const) {
      const e = await expectOdeError(
        () => solve(nanLater, y0, [0, 1], { method }),
        NonFiniteStateError,
        ["f(t, y)"],
      );
      // The last accepted time: 0.5 or the float just below it.
      assert.ok(Math.abs(e.t - 0.5) < 1e-9, `${method}: reported t=${e.t}`);
      assert.ok(e.message.includes(`t=${e.t}`), e.message);
    }
    // Backward: the caller's time (negative here), not the internally flipped one.
    const back: VectorField = (s, y) => s < -0.5 ? tf.mul(y, NaN) : tf.neg(y);
    const e = await expectOdeError(
      () => solve(back, y0, [0, -1], { method: "dopri5" }),
      NonFiniteStateError,
      ["f(t, y)"],
    );
    assert.ok(Math.abs(e.t + 0.5) < 1e-9, `backward: reported t=${e.t}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Budgets and options.

Deno.test("errors: maxSteps exceeded (dopri5 on Van der Pol, maxSteps 5) → StepBudgetError", async () => {
  await withY0(async (y0) => {
    for (const method of ["dopri5", "bosh3"] as const) {
      const e = await expectOdeError(
        () => solve(vanDerPol(1), y0, [0, 10], { method, maxSteps: 5 }),
        StepBudgetError,
        ["options.maxSteps", "5", "after 5 steps"],
      );
      assert.equal(e.steps, 5);
      assert.ok(e.t > 0 && e.t < 10, `reported t=${e.t}`);
      assert.ok(e.message.includes(`t=${e.t}`));
    }
    // Backward: a time inside the span, with the caller's sign.
    const e = await expectOdeError(
      () => solve(vanDerPol(1), y0, [10, 0], { maxSteps: 5 }),
      StepBudgetError,
      ["options.maxSteps"],
    );
    assert.ok(e.t < 10 && e.t > 0, `backward: reported t=${e.t}`);
    // The same budget is enough for an easy problem.
    solve(decay, y0, [0, 0.1], { maxSteps: 5 }).ys.dispose();
  }, [2, 0]);
});

Deno.test("errors: maxSteps also bounds fixed-step methods → StepBudgetError", async () => {
  await withY0(async (y0) => {
    // 1000 grid steps against a budget of 5.
    await expectOdeError(
      () => solve(vanDerPol(1), y0, [0, 10], { method: "euler", stepSize: 0.01, maxSteps: 5 }),
      StepBudgetError,
      ["options.maxSteps", "1000"],
    );
    // The output grid itself (10 steps) against a budget of 5; exactly 10 is enough.
    const ts = Array.from({ length: 11 }, (_, i) => i / 10);
    await expectOdeError(
      () => solve(decay, y0, ts, { method: "rk4", maxSteps: 5 }),
      StepBudgetError,
      ["options.maxSteps"],
    );
    solve(decay, y0, ts, { method: "rk4", maxSteps: 10 }).ys.dispose();
    // An absurdly small stepSize hits the default budget instead of building a 1e12-entry grid.
    await expectOdeError(
      () => solve(decay, y0, [0, 1], { method: "euler", stepSize: 1e-12 }),
      StepBudgetError,
      ["options.maxSteps"],
    );
  }, [2, 0]);
});

Deno.test("errors: rtol ≤ 0, NaN or Infinity → OdeArgumentError naming options.rtol", async () => {
  await withY0(async (y0) => {
    for (const rtol of [0, -1e-3, NaN, Infinity, -Infinity]) {
      for (const method of ["dopri5", "rk4"] as const) {
        await expectArgumentError(
          () => solve(decay, y0, [0, 1], { method, rtol }),
          "options.rtol",
          [String(rtol)],
        );
      }
    }
    await expectArgumentError(
      () => solve(decay, y0, [0, 1], { rtol: "1e-3" as unknown as number }),
      "options.rtol",
    );
  });
});

Deno.test("errors: atol ≤ 0, NaN or Infinity → OdeArgumentError naming options.atol", async () => {
  await withY0(async (y0) => {
    for (const atol of [0, -1e-9, NaN, Infinity]) {
      await expectArgumentError(() => solve(decay, y0, [0, 1], { atol }), "options.atol", [
        String(atol),
      ]);
    }
  });
});

Deno.test("errors: stepSize ≤ 0 or not finite with a fixed method → OdeArgumentError naming options.stepSize", async () => {
  await withY0(async (y0) => {
    for (const stepSize of [0, -0.1, NaN, Infinity]) {
      for (const method of ["euler", "rk4"] as const) {
        await expectArgumentError(
          () => solve(decay, y0, [0, 1], { method, stepSize }),
          "options.stepSize",
          [String(stepSize)],
        );
      }
    }
    // Backward problems also take a positive stepSize.
    await expectArgumentError(
      () => solve(decay, y0, [1, 0], { method: "rk4", stepSize: -0.1 }),
      "options.stepSize",
    );
    solve(decay, y0, [1, 0], { method: "rk4", stepSize: 0.1 }).ys.dispose();
  });
});

Deno.test("errors: stepSize with an adaptive method → OdeArgumentError naming options.stepSize", async () => {
  await withY0(async (y0) => {
    for (const method of ["bosh3", "dopri5", "tsit5"] as const) {
      await expectArgumentError(
        () => solve(decay, y0, [0, 1], { method, stepSize: 0.1 }),
        "options.stepSize",
        [method, "firstStep", "rk4"],
      );
    }
    // The default method is adaptive too.
    await expectArgumentError(
      () => solve(decay, y0, [0, 1], { stepSize: 0.1 }),
      "options.stepSize",
    );
  });
});

Deno.test("errors: maxSteps not a positive integer → OdeArgumentError naming options.maxSteps", async () => {
  await withY0(async (y0) => {
    for (const maxSteps of [0, -3, 2.5, NaN, Infinity]) {
      for (const method of ["dopri5", "rk4"] as const) {
        await expectArgumentError(
          () => solve(decay, y0, [0, 1], { method, maxSteps }),
          "options.maxSteps",
          [String(maxSteps)],
        );
      }
    }
  });
});

Deno.test("errors: firstStep ≤ 0 → OdeArgumentError naming options.firstStep", async () => {
  await withY0(async (y0) => {
    for (const firstStep of [0, -0.01, NaN]) {
      await expectArgumentError(() => solve(decay, y0, [0, 1], { firstStep }), "options.firstStep");
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The adjoint.

Deno.test("errors: odeintAdjoint with a parameter f does not use → its gradient is exactly zero", async () => {
  // y' = −w·y, L = y(T): dL/dy0 = e^{−wT}, dL/dw = −T·y0·e^{−wT}; `unused` is never read by f.
  const w = tf.scalar(0.7);
  const unused = tf.tensor1d([1, 2, 3]);
  const y0 = tf.tensor1d([1.5]);
  const f: VectorField = (_t, y) => tf.mul(y, tf.neg(w));
  const T = 1;
  await expectNoLeak(() => {
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.tidy(() =>
        tf.sum(odeintAdjoint(f, a, [0, 0.5, T], [b, c], { rtol: 1e-7, atol: 1e-9 }).slice([2], [1]))
      );
    const [gy0, gw, gUnused] = tf.grads(loss)([y0, w, unused]);
    assert.deepEqual(gUnused.shape, [3]);
    assert.deepEqual(Array.from(gUnused.dataSync()), [0, 0, 0]);
    assert.ok(
      Math.abs(gy0.dataSync()[0] - Math.exp(-0.7 * T)) < 1e-4,
      `dL/dy0 = ${gy0.dataSync()[0]}`,
    );
    const exactDw = -T * 1.5 * Math.exp(-0.7 * T);
    assert.ok(
      Math.abs(gw.dataSync()[0] - exactDw) < 1e-4,
      `dL/dw = ${gw.dataSync()[0]}, exact ${exactDw}`,
    );
    tf.dispose([gy0, gw, gUnused]);
  }, "odeintAdjoint gradient");
  // A fixed method: the same zeros.
  const [gUnused] = tf.grads((c: tf.Tensor) =>
    tf.tidy(() => tf.sum(odeintAdjoint(f, y0, [0, 1], [w, c], { method: "rk4", stepSize: 0.1 })))
  )([unused]);
  assert.deepEqual(Array.from(gUnused.dataSync()), [0, 0, 0]);
  tf.dispose([gUnused, w, unused, y0]);
});

Deno.test("errors: NaN or a throw in the adjoint's backward pass is named as such", async (t) => {
  const w = tf.variable(tf.tensor2d([[0, 1], [-1, 0]]));
  const y0 = tf.tensor2d([[1, 0]]);
  /** ∂/∂w of sum(y(1)) through the adjoint, with a field that `breaks` once the forward is done. */
  const gradientWith = (broken: (dy: tf.Tensor) => tf.Tensor) => () => {
    let backward = false;
    const f: VectorField = (_t, y) => {
      const dy = tf.matMul(y, w);
      return backward ? broken(dy) : dy;
    };
    return tf.tidy(() =>
      tf.variableGrads(() => {
        const ys = odeintAdjoint(f, y0, [0, 1], [w], { method: "rk4", stepSize: 0.1 });
        backward = true;
        return tf.sum(ys) as tf.Scalar;
      }).grads
    );
  };
  /** Runs `check` and asserts it left no tensor behind (tfjs's tape clones included). */
  const leakFree = async (check: () => unknown) => {
    const before = tf.memory().numTensors;
    await check();
    assert.equal(tf.memory().numTensors - before, 0, "tensors left after the failed backward pass");
  };
  await t.step(
    "NaN → NonFiniteStateError naming the backward pass and its interval",
    () =>
      leakFree(async () => {
        const e = await expectOdeError(
          gradientWith((dy) => tf.mul(dy, NaN)),
          NonFiniteStateError,
          ["adjoint's backward pass", "from t=1 to t=0", "gradients"],
          false,
        );
        assert.match(e.message, /forward solve was finite/);
      }),
  );
  await t.step(
    "a field that throws: its own error reaches the caller unchanged",
    () =>
      leakFree(() =>
        assert.throws(
          gradientWith(() => {
            throw new Error("field failed in the backward pass");
          }),
          /^Error: field failed in the backward pass$/,
        )
      ),
  );
  tf.dispose([w, y0]);
});

Deno.test("errors: odeintAdjoint with params not an array of tensors → OdeArgumentError naming params", async () => {
  const w = tf.scalar(0.7);
  const f: VectorField = (_t, y) => tf.mul(y, tf.neg(w));
  await withY0(async (y0) => {
    const bad: unknown[] = [w, undefined, null, [0.7], [w, "w"], { 0: w, length: 1 }];
    for (const params of bad) {
      await expectArgumentError(
        () => odeintAdjoint(f, y0, [0, 1], params as tf.Tensor[]),
        "params",
        ["array", "tensors"],
      );
    }
    // Its other arguments are checked like solve's.
    await expectArgumentError(
      () => odeintAdjoint(3 as unknown as VectorField, y0, [0, 1], [w]),
      "f",
    );
    await expectArgumentError(() => odeintAdjoint(f, y0, [1, 1], [w]), "t");
    await expectArgumentError(
      () => odeintAdjoint(f, y0, [0, 1], [w], { method: "rk9" as MethodName }),
      "options.method",
    );
  });
  w.dispose();
});

// ---------------------------------------------------------------------------------------------
// Leaks when a solve fails part-way.

Deno.test("errors: no tensors leak when an error is thrown (at t0 or mid-solve)", async (t) => {
  const lateWrong: VectorField = (s, y) => s > 0.5 ? tf.concat([y, y]) : tf.neg(y);
  const doubled: VectorField = (_t, y) => tf.concat([y, y]);
  const boom: VectorField = () => {
    throw new Error("boom");
  };
  const earlyWrong: VectorField = (s, y) => s < 0.5 ? tf.concat([y, y]) : tf.neg(y);
  const lateThrow: VectorField = (s, y) => {
    if (s > 0.5) throw new RangeError("the user's field failed");
    return tf.neg(y);
  };
  const y0 = tf.tensor1d([1, 0.5]);
  const cases: [string, () => unknown][] = [
    [
      "shape error mid-solve, rk4",
      () => solve(lateWrong, y0, [0, 1], { method: "rk4", stepSize: 0.1 }),
    ],
    [
      "shape error mid-solve, rk4 with off-grid outputs",
      () => solve(lateWrong, y0, [0, 0.33, 0.66, 1], { method: "rk4", stepSize: 0.1 }),
    ],
    [
      "shape error mid-solve, dopri5",
      () => solve(lateWrong, y0, [0, 0.25, 1], { method: "dopri5" }),
    ],
    [
      "user error mid-solve, rk4",
      () => solve(lateThrow, y0, [0, 0.25, 1], { method: "rk4", stepSize: 0.1 }),
    ],
    ["user error mid-solve, tsit5", () => solve(lateThrow, y0, [0, 0.25, 1], { method: "tsit5" })],
    [
      "non-finite, euler blow-up",
      () => solve(square, y0, [0, 1, 2, 3], { method: "euler", stepSize: 0.1 }),
    ],
    [
      "non-finite trial steps, dopri5",
      () => solve((s, y) => tf.mul(y, s > 0 ? NaN : 1), y0, [0, 1]),
    ],
    ["step budget, dopri5", () => solve(vanDerPol(1), y0, [0, 10], { maxSteps: 5 })],
    ["step underflow, dopri5", () => solve(square, y0, [0, 2])],
    ["shape error at t0, dopri5", () => solve(doubled, y0, [0, 1])],
    ["shape error at t0, rk4", () => solve(doubled, y0, [0, 1], { method: "rk4" })],
    ["shape error at t0, backward bosh3", () => solve(doubled, y0, [1, 0], { method: "bosh3" })],
    [
      "shape error at a grid point, euler",
      () => solve(lateWrong, y0, [0, 1], { method: "euler", stepSize: 0.1 }),
    ],
    ["user error at t0, dopri5", () => solve(boom, y0, [0, 1])],
    ["user error at t0, rk4", () => solve(boom, y0, [0, 1], { method: "rk4" })],
    [
      "backward, shape error mid-solve, bosh3",
      () => solve(earlyWrong, y0, [1, 0.75, 0], { method: "bosh3" }),
    ],
    [
      "backward, shape error mid-solve, heun",
      () => solve(earlyWrong, y0, [1, 0], { method: "heun", stepSize: 0.1 }),
    ],
  ];
  for (const [label, fn] of cases) {
    await t.step(label, async () => {
      let threw = false;
      await expectNoLeak(() => {
        try {
          (fn() as { ys: tf.Tensor }).ys.dispose();
        } catch {
          threw = true;
        }
      }, label);
      assert.ok(threw, `${label}: expected an error`);
    });
  }
  y0.dispose();
});

Deno.test("nonFiniteProbe: 0 for finite tensors (even ±3e38), NaN for any NaN, +Inf or −Inf", () => {
  const cases: [number[], boolean][] = [
    [[0, 1, -2, 3e38, -3e38], true],
    [[1, NaN, 2], false],
    [[1, 2, Infinity], false],
    [[-Infinity, 0], false],
  ];
  for (const [values, finite] of cases) {
    const [one, x] = [tf.scalar(1), tf.tensor1d(values)];
    const probe = nonFiniteProbe([one, x]);
    assert.equal(Number.isFinite(probe.dataSync()[0]), finite, `[${values}]`);
    tf.dispose([one, x, probe]);
  }
});
