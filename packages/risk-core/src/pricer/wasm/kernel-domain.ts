/**
 * Where the WebAssembly Black-76 kernels price a contract on the SIMD path: prices (forward, strike,
 * discounted strike) in [KERNEL_MIN_PRICE, KERNEL_MAX_PRICE] (assembly/constants.ts FAST_MIN_PRICE,
 * FAST_MAX_PRICE) and total standard deviation s = sigma sqrt T in [KERNEL_MIN_STD_DEV,
 * KERNEL_MAX_STD_DEV]. Inside, their exp/erfcx phases are exact to a few ulp; their loaders
 * (price-engine.ts, var/engine/fused-option-valuation.ts) price other contracts by the scalar
 * formulas.
 */
export const KERNEL_MIN_PRICE = 1e-100;
export const KERNEL_MAX_PRICE = 1e100;
export const KERNEL_MIN_STD_DEV = 1e-45;
export const KERNEL_MAX_STD_DEV = 1e45;

/** Whether a price (forward, strike or discounted strike) is in the kernels' SIMD domain. */
export function inKernelPriceRange(x: number): boolean {
  return x >= KERNEL_MIN_PRICE && x <= KERNEL_MAX_PRICE;
}

/** Whether a total standard deviation s = sigma sqrt T is in the kernels' SIMD domain. */
export function inKernelStdDevRange(s: number): boolean {
  return s >= KERNEL_MIN_STD_DEV && s <= KERNEL_MAX_STD_DEV;
}
