import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import { MigrationError } from '../errors.ts';
import { MigrationAdapterFactory } from './adapter-factory.ts';
import { poolConfigFromUrl } from './pg-url.ts';

/** No externally managed tables or enums. */
export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/** The part of the WebAssembly JS API used here (the project's `lib` has no DOM types). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * Process-wide state, on `globalThis`: the wasm-bindgen glue is one Node module per process, but a
 * test runner may load this file several times (vitest: once per project whose global setup
 * migrates), and a second instantiation would re-point the shared glue at another instance.
 */
interface EngineState {
  ready?: Promise<void>;
  lastPanic?: string;
}
const STATE_KEY = Symbol.for('dte.schemaEngineWasm');
const shared = globalThis as { [STATE_KEY]?: EngineState };
shared[STATE_KEY] ??= {};
const state: EngineState = shared[STATE_KEY];

/**
 * Instantiates Prisma's schema engine WebAssembly module once per process. The package's entry
 * imports the `.wasm` file as an ES module, which Node 20 cannot load, so the module is compiled
 * here and handed to the wasm-bindgen glue (`schema_engine_bg.js`).
 */
function loadWasm(): Promise<void> {
  state.ready ??= (async () => {
    // The engine reports a Rust panic's message through this global before it traps.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => {
        state.lastPanic = message;
      },
    };
    const require = createRequire(import.meta.url);
    const main = require.resolve('@prisma/schema-engine-wasm');
    const bytes = await readFile(join(dirname(main), 'schema_engine_bg.wasm'));
    const module = await wasmApi.compile(bytes);
    const instance = await wasmApi.instantiate(module, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return state.ready;
}

/** Options of {@link withSchemaEngine}. */
export interface SchemaEngineOptions {
  /** Connection URL the engine works on; temporary shadow databases are created on its server. */
  url: string;
  /** Receives the engine's log lines (JSON strings); ignored by default. */
  onLog?: (line: string) => void;
}

/**
 * Runs `fn` with a WebAssembly schema engine talking to PostgreSQL through the `pg` driver adapter
 * (wrapped by `bindMigrationAwareSqlAdapterFactory`), then frees the engine and closes its
 * connections. Engine failures become {@link MigrationError} `MIGRATION_FAILED`.
 */
export async function withSchemaEngine<T>(
  options: SchemaEngineOptions,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const factory = new MigrationAdapterFactory(poolConfigFromUrl(options.url));
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: undefined },
      options.onLog ?? (() => {}),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await fn(engine);
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    const panic = state.lastPanic;
    state.lastPanic = undefined;
    const message = panic ? `schema engine panicked: ${panic}` : errorMessage(error);
    throw new MigrationError('MIGRATION_FAILED', message, { cause: error });
  } finally {
    engine?.free();
    await factory.dispose();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
