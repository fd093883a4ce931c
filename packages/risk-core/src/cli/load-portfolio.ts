import { parsePortfolio } from '../portfolio/parse-document.ts';
import type { PortfolioDocument } from '../portfolio/types.ts';
import type { CliIo } from './io.ts';
import { parseJson, readInput } from './io.ts';

/**
 * Reads and validates a portfolio document from a file path (or stdin for undefined / `-`).
 *
 * @throws CliUsageError (unreadable file, invalid JSON) or RiskInputError (invalid document).
 */
export async function loadPortfolio(path: string | undefined, io: CliIo): Promise<PortfolioDocument> {
  const text = await readInput(path, io);
  return parsePortfolio(parseJson(text, path && path !== '-' ? path : 'stdin'));
}
