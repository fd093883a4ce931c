import { BLACK76_WASM_BASE64 } from './black76-bytes.ts';

/*
 * Instantiation of the WebAssembly SIMD Black-76 kernel (assembly/black76.ts, compiled by
 * assembly/build.mjs). The bytes come from a generated TypeScript module (base64), so risk-core does
 * no file I/O; the module is compiled once per thread, lazily, synchronously (about 20 kB; engines that
 * forbid synchronous compilation of large modules on a browser main thread allow this size).
 * Each instance has its own imported linear memory; callers lay out their arrays above `heapBase`.
 */

/** The subset of the WebAssembly JS API used here (lib "DOM" is not part of this package's types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

/** Exports of the kernel module (addresses are byte offsets in the instance's memory). */
export interface Black76WasmExports {
  black76Full(
    n: number,
    isCall: number,
    forward: number,
    strike: number,
    expiry: number,
    vol: number,
    rate: number,
    price: number,
    delta: number,
    gamma: number,
    vega: number,
    theta: number,
    fallback: number,
  ): number;
  black76Prices(
    contractCount: number,
    paths: number,
    stride: number,
    contracts: number,
    forwards: number,
    prices: number,
    fallback: number,
  ): number;
  optionPnl(
    contractCount: number,
    paths: number,
    stride: number,
    records: number,
    ys: number,
    gs: number,
    entryStart: number,
    entryColumn: number,
    entryWeight: number,
    columns: number,
  ): void;
  normCdfBlock(n: number, xs: number, out: number): void;
  expBlock(n: number, xs: number, out: number): void;
  logBlock(n: number, xs: number, out: number): void;
  heapBase(): number;
}

/** An instance with its memory; `heapBase` is the first byte free for the caller's arrays. */
export interface Black76WasmInstance {
  readonly exports: Black76WasmExports;
  readonly memory: WasmMemory;
  readonly heapBase: number;
}

const PAGE = 65536;
let compiled: object | null = null;

function wasmApi(): WasmApi {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) throw new Error('WebAssembly is not available in this JavaScript runtime');
  return api;
}

function moduleBytes(): Uint8Array {
  const text = atob(BLACK76_WASM_BASE64.join(''));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Compiles the kernel module of this thread now instead of at the first {@link createBlack76Instance}
 * (a Monte Carlo worker does it while it waits for its run). Throws without WebAssembly.
 */
export function compileBlack76Module(): object {
  compiled ??= new (wasmApi().Module)(moduleBytes());
  return compiled;
}

/**
 * A new instance of the kernel whose memory holds at least `bytes` bytes above its heap base (static
 * data and the kernel's scratch come first). Memory does not grow afterwards, so typed-array views
 * on `memory.buffer` stay valid for the instance's lifetime.
 */
export function createBlack76Instance(bytes: number): Black76WasmInstance {
  const api = wasmApi();
  const module = compileBlack76Module();
  const memory = new api.Memory({ initial: 1 });
  const instance = new api.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as Black76WasmExports;
  const heapBase = exports.heapBase();
  const needed = Math.ceil((heapBase + bytes) / PAGE);
  const have = memory.buffer.byteLength / PAGE;
  if (needed > have) memory.grow(needed - have);
  return { exports, memory, heapBase };
}
