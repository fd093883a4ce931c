/** Expiry buckets: no expiry (spot, perpetuals, balances, lending, leveraged tokens), then by days to expiry. */
export const EXPIRY_BUCKETS = ['perp/spot', '<7d', '7-30d', '30-90d', '90-180d', '>180d', 'expired'] as const;

export type ExpiryBucket = (typeof EXPIRY_BUCKETS)[number];

/**
 * Bucket of a time to expiry, in days `d = 365 x T` (ACT/365): `<7d` is `0 < d < 7`, `7-30d` is
 * `7 <= d < 30`, `30-90d`, `90-180d` likewise, `>180d` is `d >= 180`; `expired` is `d <= 0`;
 * `perp/spot` when there is no expiry.
 *
 * @param expiryYears ACT/365 years to expiry, or `undefined` for undated positions.
 * @returns the bucket label; NaN input is treated as undated and never thrown on.
 */
export function expiryBucket(expiryYears: number | undefined): ExpiryBucket {
  if (expiryYears === undefined || Number.isNaN(expiryYears)) return 'perp/spot';
  const days = expiryYears * 365;
  if (days <= 0) return 'expired';
  if (days < 7) return '<7d';
  if (days < 30) return '7-30d';
  if (days < 90) return '30-90d';
  if (days < 180) return '90-180d';
  return '>180d';
}
