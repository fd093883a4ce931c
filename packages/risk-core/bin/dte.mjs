#!/usr/bin/env node
// Launches the TypeScript CLI (src/cli/main.ts) in-process through tsx's ESM loader.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
