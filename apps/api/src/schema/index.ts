import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.ts';
import './health.ts';
import './enums.ts';
import './user.ts';
import './fund.ts';
import './membership.ts';
import './api-key.ts';
import './audit-log.ts';
import './exposure.ts';
import './scenario.ts';
import './hedge.ts';
import './liquidation.ts';
import './cascade.ts';
import './calculator.ts';
import './limit.ts';
import './alert.ts';
import './risk-run.ts';
import './account.ts';
import './instrument.ts';
import './position.ts';
import './balance.ts';
import './lending.ts';
import './market-snapshot.ts';
import './price-history.ts';
import './import.ts';
import './schedule.ts';
import './backtest.ts';

builder.queryType({ description: 'Read access to the platform.' });
builder.mutationType({
  description: 'Changes; every one is written to the audit log in its own transaction.',
});

/** The executable GraphQL schema, built once from every type file imported above. */
export const schema = builder.toSchema();

/** SDL of the schema, sorted so the committed `schema.graphql` diffs cleanly. */
export const printedSchema = (): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
