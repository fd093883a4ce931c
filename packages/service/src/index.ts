export { type CheckStatus, checkDatabase, checkRedis, type SqlPinger } from './checks.ts';
export {
  type RunningService,
  type RunServiceOptions,
  runService,
  type ServiceLogger,
} from './run-service.ts';
