export type { GroupDimension, GroupTotals, TokenTotals, UsdTotals } from './aggregate.ts';
export { aggregateExposures, usdTotals } from './aggregate.ts';
export type { ExpiryBucket } from './expiry-bucket.ts';
export { EXPIRY_BUCKETS, expiryBucket } from './expiry-bucket.ts';
