import type { NextConfig } from 'next';

/** Next.js config: no external fonts or images, so `next build` works offline. */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  experimental: {
    // Position files go through a server action to the api's upload endpoint (5 MiB CSV + JSON framing).
    serverActions: { bodySizeLimit: '6mb' },
  },
};

export default config;
