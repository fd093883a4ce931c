/**
 * GraphQL enums of the book data (accounts, instruments, positions, balances, lending, market data),
 * built from the Prisma enums so the two never drift. Other type files import them from here.
 */
import {
  AccountKind as AccountKindValues,
  BalanceKind as BalanceKindValues,
  InstrumentKind as InstrumentKindValues,
  LendingSide as LendingSideValues,
  MarginMode as MarginModeValues,
  OptionType as OptionTypeValues,
  QuoteKind as QuoteKindValues,
  Settlement as SettlementValues,
} from '@dte/db';
import { builder } from '../builder.ts';

/** What an account is: an exchange account, a sub-account, a wallet, a custodian, a protocol address. */
export const AccountKindEnum = builder.enumType(AccountKindValues, {
  name: 'AccountKind',
  description: 'EXCHANGE, SUB_ACCOUNT (of a parent account), WALLET, CUSTODIAN or PROTOCOL (DeFi address).',
});

/** Cross or isolated margin. */
export const MarginModeEnum = builder.enumType(MarginModeValues, {
  name: 'MarginMode',
  description: 'CROSS: margin shared by the account; ISOLATED: margin set aside per position.',
});

/** Instrument kinds of the catalog. */
export const InstrumentKindEnum = builder.enumType(InstrumentKindValues, {
  name: 'InstrumentKind',
  description: 'SPOT, FUTURE (dated), PERPETUAL, OPTION (European), LEVERAGED_TOKEN, LENDING_RESERVE.',
});

/** How a derivative settles (docs/catalog.md "Contract size by kind and settlement"). */
export const SettlementEnum = builder.enumType(SettlementValues, {
  name: 'Settlement',
  description:
    'LINEAR: contract size in underlying units, P&L in the quote currency. INVERSE: contract size in USD, P&L in the coin. QUANTO: contract size 1, economics in `multiplier`.',
});

/** Call or put. */
export const OptionTypeEnum = builder.enumType(OptionTypeValues, { name: 'OptionType' });

/** Spot holding or collateral. */
export const BalanceKindEnum = builder.enumType(BalanceKindValues, {
  name: 'BalanceKind',
  description: 'SPOT: a holding; COLLATERAL: margin posted on a venue (coin margin is coin exposure).',
});

/** Supply (collateral) or borrow (debt) in a lending protocol. */
export const LendingSideEnum = builder.enumType(LendingSideValues, {
  name: 'LendingSide',
  description: 'SUPPLY: supplied (collateral when usedAsCollateral); BORROW: debt.',
});

/** Kinds of market quotes in a snapshot. */
export const QuoteKindEnum = builder.enumType(QuoteKindValues, {
  name: 'QuoteKind',
  description:
    'SPOT, INDEX and MARK prices (USD), FORWARD (per expiry), VOL (annualised implied volatility, 0.55 = 55%: flat per token, or per expiry and strike).',
});

/** Sort direction of connections. */
export const SortDirectionEnum = builder.enumType('SortDirection', {
  values: ['ASC', 'DESC'] as const,
});
