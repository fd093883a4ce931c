import type { CheckStatus as DependencyStatus } from '@dte/service';
import { builder } from '../builder.ts';

/** Shape resolved for `health`. */
interface HealthShape {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  database: DependencyStatus;
  redis: DependencyStatus;
}

const HealthStatus = builder.enumType('HealthStatus', {
  description: '`ok` when every dependency answers, `degraded` otherwise.',
  values: ['ok', 'degraded'] as const,
});

const DependencyStatusEnum = builder.enumType('DependencyStatus', {
  description: 'Whether a dependency answered its check.',
  values: ['ok', 'down'] as const,
});

const Health = builder.objectRef<HealthShape>('Health').implement({
  description: 'Liveness and dependency status of the api.',
  fields: (t) => ({
    status: t.expose('status', { type: HealthStatus }),
    version: t.exposeString('version'),
    uptimeSeconds: t.exposeInt('uptimeSeconds', { description: 'Seconds since the api started serving.' }),
    database: t.expose('database', {
      type: DependencyStatusEnum,
      description: '`SELECT 1` through the app-role connection.',
    }),
    redis: t.expose('redis', { type: DependencyStatusEnum, description: 'Redis PING.' }),
  }),
});

builder.queryField('health', (t) =>
  t.field({
    type: Health,
    description: 'Platform status; public (no authentication).',
    authScopes: { public: true },
    resolve: async (_root, _args, ctx): Promise<HealthShape> => {
      const [database, redis] = await Promise.all([ctx.health.database(), ctx.health.redis()]);
      return {
        status: database === 'ok' && redis === 'ok' ? 'ok' : 'degraded',
        version: ctx.version,
        uptimeSeconds: Math.floor((Date.now() - ctx.startedAt) / 1000),
        database,
        redis,
      };
    },
  }),
);
