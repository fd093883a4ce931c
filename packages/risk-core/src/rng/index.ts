export { ChiSquareSampler, GammaSampler, StudentTSampler } from './gamma.ts';
export type { StudentTScaling } from './multivariate.ts';
export { MultivariateNormalSampler, MultivariateStudentTSampler } from './multivariate.ts';
export { mulHi32, philox4x32 } from './philox.ts';
export type { RandomSource } from './source.ts';
export { chunkStream, PhiloxStream } from './stream.ts';
