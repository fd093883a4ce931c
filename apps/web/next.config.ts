import type { NextConfig } from 'next';

/** Next.js config: no external fonts or images, so `next build` works offline. */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
};

export default config;
