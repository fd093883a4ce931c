import { RiskInputError } from '../../errors.ts';
import { impliedVol } from '../../pricer/index.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { parseJson, readInput } from '../io.ts';
import { readOptionRequest, withElement } from '../option-request.ts';

const HELP = `dte iv [FILE] - Black-76 implied volatility

Input (FILE or stdin): JSON array of
  {"type": "call"|"put", "forward", "strike", "expiryYears", "rate", "price"}
  (price in USD per 1 unit of underlying, discounted at rate)
Output (stdout): JSON array, same order, of {"vol"} or {"error": "<field: reason (got value)>",
  "code": "<RiskInputError code>"} for an element with no solution or invalid values.
A document that is not JSON: exit 2.
`;

/** `dte iv`: implied vols of a JSON array of option prices; per-element errors. */
export const ivCommand: CliCommand = {
  name: 'iv',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, {});
    if (args.values.help) return io.stdout(HELP);
    const path = args.positionals[0];
    const raw = parseJson(await readInput(path, io), path ?? 'stdin');
    const requests = Array.isArray(raw) ? raw : [raw];
    const out = requests.map((item, i) => {
      try {
        return withElement(i, () => {
          const r = readOptionRequest(item, i, false);
          return {
            vol: impliedVol({
              type: r.type,
              forward: r.forward,
              strike: r.strike,
              expiryYears: r.expiryYears,
              rate: r.rate,
              price: r.price,
            }),
          };
        });
      } catch (e) {
        if (e instanceof RiskInputError) return { error: e.message, code: e.code };
        throw e;
      }
    });
    io.stdout(`${JSON.stringify(out)}\n`);
  },
};
