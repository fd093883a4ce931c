/**
 * The exposure bench's load generator (autocannon), run in a CHILD process so that its HTTP
 * clients do not share the api's event loop (they still share the machine's two cores with the api
 * and PostgreSQL). Reads `{ options }` (autocannon options) as JSON from argv[2], records every
 * response time, and sends `{ result, latencies }` (sorted, ms) to the parent over IPC.
 */
import autocannon, { type Options } from 'autocannon';

const { options } = JSON.parse(process.argv[2] ?? '{}') as { options: Options };
const latencies: number[] = [];
const instance = autocannon(options, (error, result) => {
  if (error) {
    process.send?.({ error: String(error) });
  } else {
    latencies.sort((a, b) => a - b);
    process.send?.({ result, latencies });
  }
  process.disconnect?.();
});
instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
  latencies.push(responseTime),
);
