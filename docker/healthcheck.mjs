// Container health check without curl: exits 0 when the URL answers HTTP 2xx within 2.5 s.
// Usage: node healthcheck.mjs <url>
const url = process.argv[2];
if (!url) {
  console.error('usage: node healthcheck.mjs <url>');
  process.exit(2);
}
fetch(url, { signal: AbortSignal.timeout(2500) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
