/**
 * What samplers need from a generator. {@link PhiloxStream} implements it; tests may pass others.
 */
export interface RandomSource {
  /** Uniform double in the open interval (0, 1). */
  uniform(): number;
  /** Standard normal variate. */
  normal(): number;
  /** Fills `out[offset .. offset+length)` with uniforms in (0, 1). */
  fillUniform(out: Float64Array, offset?: number, length?: number): void;
  /** Fills `out[offset .. offset+length)` with standard normals. */
  fillNormal(out: Float64Array, offset?: number, length?: number): void;
}
