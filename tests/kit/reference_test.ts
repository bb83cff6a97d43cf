/** The torchdiffeq / DOP853 numbers copied into exercises/_kit/reference.ts still match the fixture. */
import assert from "node:assert/strict";
import { VDP_MU1 } from "../../exercises/_kit/reference.ts";
import { loadReference } from "../_setup.ts";

interface Fixture {
  vdp: {
    sample_t: number[];
    "mu=1,x0=[1,0]": {
      ground_truth: { y0: number[]; x_at_sample_t: number[][]; x_at_t_end: number[] }[];
      dopri5: Record<string, { nfe: number; accepted_steps: number; rejected_steps: number }>;
    };
  };
}

Deno.test("kit: exercises/_kit/reference.ts matches tests/fixtures/reference", () => {
  const fixture = loadReference<Fixture>("torchdiffeq_vdp_detest.json");
  const c = fixture.vdp["mu=1,x0=[1,0]"];
  assert.deepEqual(VDP_MU1.y0, c.ground_truth[0].y0);
  assert.deepEqual(VDP_MU1.sampleT, fixture.vdp.sample_t);
  assert.deepEqual(VDP_MU1.truthAtSampleT, c.ground_truth[0].x_at_sample_t);
  assert.deepEqual(VDP_MU1.truthAtEnd, c.ground_truth[0].x_at_t_end);
  const loose = c.dopri5["rtol=0.001,atol=0.0001"];
  assert.deepEqual(
    [VDP_MU1.dopri5Loose.nfe, VDP_MU1.dopri5Loose.accepted, VDP_MU1.dopri5Loose.rejected],
    [loose.nfe, loose.accepted_steps, loose.rejected_steps],
  );
});
