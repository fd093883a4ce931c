import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'DTE — Derivative Token Exposure',
  description: 'Token exposure, scenarios, VaR and liquidation risk for crypto funds.',
};

/** Root layout: system fonts only (no downloads), so the app builds and runs offline. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
