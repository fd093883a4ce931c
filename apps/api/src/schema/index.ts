import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.ts';
import './health.ts';

builder.queryType({ description: 'Read access to the platform.' });

/** The executable GraphQL schema, built once from every type file imported above. */
export const schema = builder.toSchema();

/** SDL of the schema, sorted so the committed `schema.graphql` diffs cleanly. */
export const printedSchema = (): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
