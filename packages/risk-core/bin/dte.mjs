#!/usr/bin/env node
// Runs the `dte` command line: the esbuild bundle in dist/cli/ (scripts/build-cli.mjs, built by the
// bootstrap) when it was built from the current sources, otherwise the TypeScript sources
// (src/cli/main.ts) in-process through tsx's ESM loader. DTE_CLI_SOURCES=1 forces the sources.
import { bundleIsFresh } from './bundle-freshness.mjs';

const root = new URL('../', import.meta.url);
const bundle = new URL('dist/cli/', root);
if (process.env.DTE_CLI_SOURCES !== '1' && bundleIsFresh(bundle, root)) {
  await import(new URL('dte.mjs', bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
