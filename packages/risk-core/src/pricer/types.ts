/** Option right. */
export type OptionType = 'call' | 'put';

/** Inputs of a European option on a forward (Black-76). */
export interface Black76Input {
  /** 'call' or 'put'. */
  readonly type: OptionType;
  /** Forward price F of the option's expiry, quote currency (USD) per unit of underlying, > 0. */
  readonly forward: number;
  /** Strike K, same units as the forward, > 0. */
  readonly strike: number;
  /** Time to expiry T in years (ACT/365), >= 0; 0 means at expiry (intrinsic value). */
  readonly expiryYears: number;
  /** Black volatility sigma, annualised, as a decimal (0.6 = 60%), > 0. */
  readonly vol: number;
  /** Continuously compounded discount rate r per year, as a decimal (any sign). */
  readonly rate: number;
}

/** Black-76 value and greeks, per 1 unit of underlying, in the quote currency (DESIGN.md). */
export interface Black76Result {
  /** Present value e^{-rT} [F N(d1) - K N(d2)] (call) / by parity (put). */
  readonly price: number;
  /** dPrice/dF (forward delta), units of underlying. */
  readonly delta: number;
  /** d2Price/dF2, per unit of forward price. */
  readonly gamma: number;
  /** dPrice/dsigma / 100: value change per one volatility point. */
  readonly vega: number;
  /** -(dPrice/dT) / 365 with F fixed: value change per calendar day. */
  readonly theta: number;
}
