/** Public surface of the seed module (catalog loading, demo seed). */
export {
  CATALOG_PATH,
  CatalogValidationError,
  loadCatalogFile,
  parseCatalog,
  seedCatalog,
} from './catalog.ts';
export type { CatalogRow } from './catalog-schema.ts';
export { DEMO_FUNDS, DEMO_PASSWORD, DEMO_USERS } from './demo/spec.ts';
export { DEMO_AS_OF, DEMO_SNAPSHOT_SOURCE } from './market.ts';
export { loadPriceFile, PRICES_PATH, PRICES_SOURCE, parsePriceCsv, seedPriceHistory } from './prices.ts';
export { type SeedOptions, type SeedReport, seedDemo } from './run.ts';
export { countDemoRows, formatCounts, type SeedCounts } from './summary.ts';
