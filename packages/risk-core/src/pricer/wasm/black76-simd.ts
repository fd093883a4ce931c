import type { Black76BatchInput, Black76BatchOutput } from '../black76-batch.ts';
import { validateBatchShape } from '../black76-batch.ts';
import { black76Range } from '../black76-kernel.ts';
import type { Black76WasmInstance } from './instance.ts';
import { createBlack76Instance } from './instance.ts';

/*
 * black76BatchSimd: the WebAssembly SIMD kernel (assembly/black76.ts) behind the black76Batch API.
 * The caller's arrays are copied through a fixed staging area of CHUNK options in the instance's
 * memory (inputs in, kernel, outputs out), so the working set stays in cache and memory never grows.
 * Elements outside the SIMD domain (assembly/constants.ts FAST_*: expiry T = 0, extreme magnitudes,
 * invalid input) come back in the kernel's fallback list and are recomputed in place by the scalar
 * kernel black76Range, which also throws the RiskInputError naming `<field>[i]` for invalid input.
 */

/** Options per staging chunk (even). */
const CHUNK = 4096;
const F64_FIELDS = 10; // forward, strike, expiry, vol, rate, price, delta, gamma, vega, theta
const SLOT = (CHUNK + 8) * 8; // bytes per f64 array (room for the pad lane), multiple of 64

interface Staging {
  readonly instance: Black76WasmInstance;
  readonly isCallAt: number;
  readonly fallbackAt: number;
  readonly at: readonly number[]; // addresses of the F64_FIELDS arrays
  readonly isCall: Uint8Array;
  readonly f64: readonly Float64Array[];
  /** Views of exactly CHUNK elements of the five outputs (copied out whole for full chunks). */
  readonly outFull: readonly Float64Array[];
  readonly fallback: Int32Array;
}

let staging: Staging | null = null;

function createStaging(): Staging {
  const bytes = SLOT * (F64_FIELDS + 2);
  const instance = createBlack76Instance(bytes);
  const base = instance.heapBase;
  const buffer = instance.memory.buffer;
  const at = Array.from({ length: F64_FIELDS }, (_, k) => base + SLOT * k);
  const isCallAt = base + SLOT * F64_FIELDS;
  const fallbackAt = base + SLOT * (F64_FIELDS + 1);
  return {
    instance,
    isCallAt,
    fallbackAt,
    at,
    isCall: new Uint8Array(buffer, isCallAt, CHUNK + 8),
    f64: at.map((a) => new Float64Array(buffer, a, CHUNK + 2)),
    outFull: at.slice(5).map((a) => new Float64Array(buffer, a, CHUNK)),
    fallback: new Int32Array(buffer, fallbackAt, CHUNK + 2),
  };
}

/**
 * Black-76 price, delta, gamma, vega, theta over typed arrays with the WebAssembly SIMD (f64x2)
 * kernel: the same signature, conventions (DESIGN.md "Options", Black 1976) and validation as
 * {@link black76Batch}; results agree with it to within 1e-13 of the forward scale (docs/pricing.md,
 * "WebAssembly SIMD kernel"), not bit for bit. Processes `start <= i < end` (default: all of
 * `forward.length`). Allocates no memory proportional to n: a fixed staging area per thread is reused.
 *
 * @throws {RiskInputError} `OUT_OF_DOMAIN` (`<field>.length`) when an array is shorter than `end`, or for
 * bad `start`/`end`; `INVALID_NUMBER` / `OUT_OF_DOMAIN` naming `<field>[i]` for the first invalid element
 * (forward, strike, vol not finite > 0; expiryYears not finite >= 0; rate not finite; isCall not 0/1).
 * Outputs of the chunks of 4096 options before the invalid element's chunk are written.
 */
export function black76BatchSimd(
  input: Black76BatchInput,
  out: Black76BatchOutput,
  start = 0,
  end: number = input.forward.length,
): void {
  const { isCall, forward, strike, expiryYears, vol } = input;
  const { price, delta, gamma, vega, theta } = out;
  const { rateArray, rateScalar } = validateBatchShape(input, out, start, end);
  if (end === start) return;
  staging ??= createStaging();
  const st = staging;
  const [vF, vK, vT, vV, vR, vP, vD, vG, vVega, vTheta] = st.f64 as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const [aF, aK, aT, aV, aR, aP, aD, aG, aVega, aTheta] = st.at as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const kernel = st.instance.exports;
  for (let a = start; a < end; a += CHUNK) {
    const b = Math.min(end, a + CHUNK);
    const m = b - a;
    st.isCall.set(isCall.subarray(a, b));
    vF.set(forward.subarray(a, b));
    vK.set(strike.subarray(a, b));
    vT.set(expiryYears.subarray(a, b));
    vV.set(vol.subarray(a, b));
    if (rateArray === null) vR.fill(rateScalar, 0, m + 1);
    else vR.set(rateArray.subarray(a, b));
    if (m % 2 === 1) {
      // Pad lane: a copy of the last option (computed, never copied out).
      st.isCall[m] = st.isCall[m - 1] as number;
      for (const v of [vF, vK, vT, vV, vR]) v[m] = v[m - 1] as number;
    }
    const count = kernel.black76Full(
      m + (m % 2),
      st.isCallAt,
      aF,
      aK,
      aT,
      aV,
      aR,
      aP,
      aD,
      aG,
      aVega,
      aTheta,
      st.fallbackAt,
    );
    const full = m === CHUNK;
    const [fP, fD, fG, fVega, fTheta] = st.outFull as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    price.set(full ? fP : vP.subarray(0, m), a);
    delta.set(full ? fD : vD.subarray(0, m), a);
    gamma.set(full ? fG : vG.subarray(0, m), a);
    vega.set(full ? fVega : vVega.subarray(0, m), a);
    theta.set(full ? fTheta : vTheta.subarray(0, m), a);
    for (let k = 0; k < count; k++) {
      const j = st.fallback[k] as number;
      if (j >= m) continue; // the pad lane
      const i = a + j;
      black76Range(
        isCall,
        forward,
        strike,
        expiryYears,
        vol,
        rateArray,
        rateScalar,
        price,
        delta,
        gamma,
        vega,
        theta,
        i,
        i + 1,
      );
    }
  }
}
