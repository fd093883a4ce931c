/** A named historical stress scenario: per-token close-to-close returns over a window of daily closes. */
export interface StressScenario {
  /** Stable identifier, e.g. `covid-2020-03-12`. */
  name: string;
  title: string;
  /** Date of the base close (the close before the first return), `YYYY-MM-DD`. */
  from: string;
  /** Date of the last close, `YYYY-MM-DD`. */
  to: string;
  /** Dates of the daily returns (`from` excluded, `to` included). */
  dates: string[];
  /** Simple return `close(to) / close(from) - 1` per token. */
  returns: Record<string, number>;
  /** Daily simple returns per token, one per entry of `dates`. */
  dailyReturns: Record<string, number[]>;
  /** Tokens of the data set without a close on every date of the window. */
  missing: string[];
}

/** Where the scenarios' numbers come from. */
export interface StressSource {
  file: string;
  sha256: string;
  description: string;
  method: string;
}

/** The `data/stress-scenarios.json` document. */
export interface StressScenarioSet {
  source: StressSource;
  scenarios: StressScenario[];
}

/** A stress window to derive: `from` is the base close date, `to` the last close date. */
export interface StressWindow {
  name: string;
  title: string;
  from: string;
  to: string;
}
