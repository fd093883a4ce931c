/**
 * Worker thread of black76.bench.ts: prices its slice [start, end) of shared input/output arrays on
 * request, with the JavaScript kernel (black76Batch) or the WebAssembly SIMD kernel (black76BatchSimd,
 * one instance per worker; it copies its inputs in and outputs out), and reports when done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { black76Batch } from '../src/pricer/black76-batch.ts';
import { black76BatchSimd } from '../src/pricer/wasm/black76-simd.ts';

interface Shared {
  isCall: SharedArrayBuffer;
  forward: SharedArrayBuffer;
  strike: SharedArrayBuffer;
  expiryYears: SharedArrayBuffer;
  vol: SharedArrayBuffer;
  rate: SharedArrayBuffer;
  price: SharedArrayBuffer;
  delta: SharedArrayBuffer;
  gamma: SharedArrayBuffer;
  vega: SharedArrayBuffer;
  theta: SharedArrayBuffer;
}

const b = workerData as Shared;
const input = {
  isCall: new Uint8Array(b.isCall),
  forward: new Float64Array(b.forward),
  strike: new Float64Array(b.strike),
  expiryYears: new Float64Array(b.expiryYears),
  vol: new Float64Array(b.vol),
  rate: new Float64Array(b.rate),
};
const out = {
  price: new Float64Array(b.price),
  delta: new Float64Array(b.delta),
  gamma: new Float64Array(b.gamma),
  vega: new Float64Array(b.vega),
  theta: new Float64Array(b.theta),
};

parentPort?.on('message', (msg: { start: number; end: number; kernel: 'js' | 'simd' }) => {
  (msg.kernel === 'simd' ? black76BatchSimd : black76Batch)(input, out, msg.start, msg.end);
  parentPort?.postMessage('done');
});
