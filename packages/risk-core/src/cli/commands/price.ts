import { black76, coinSettledView } from '../../pricer/index.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { parseJson, readInput } from '../io.ts';
import { readOptionRequest, withElement } from '../option-request.ts';

const HELP = `dte price [FILE] - Black-76 prices and greeks

Input (FILE or stdin): JSON array of
  {"type": "call"|"put", "settlement"?: "linear"|"inverse", "forward", "strike",
   "expiryYears", "vol", "rate"}
Output (stdout): JSON array, same order, of {price, delta, gamma, vega, theta}
  (USD per 1 unit of underlying; vega per vol point, theta per calendar day),
  plus {coinPrice, coinDelta} for settlement "inverse".
Invalid element: exit 2, stderr names the element index, field and value.
`;

/** `dte price`: prices a JSON array of option requests with Black-76. */
export const priceCommand: CliCommand = {
  name: 'price',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, {});
    if (args.values.help) return io.stdout(HELP);
    const path = args.positionals[0];
    const raw = parseJson(await readInput(path, io), path ?? 'stdin');
    const requests = Array.isArray(raw) ? raw : [raw];
    const out = requests.map((item, i) =>
      withElement(i, () => {
        const r = readOptionRequest(item, i, true);
        const g = black76({
          type: r.type,
          forward: r.forward,
          strike: r.strike,
          expiryYears: r.expiryYears,
          vol: r.vol,
          rate: r.rate,
        });
        const values = { price: g.price, delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta };
        if (r.settlement !== 'inverse') return values;
        const coin = coinSettledView(g, r.forward);
        return { ...values, coinPrice: coin.coinPrice, coinDelta: coin.coinDelta };
      }),
    );
    io.stdout(`${JSON.stringify(out)}\n`);
  },
};
