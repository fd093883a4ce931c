import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { JobValidationError } from './errors.ts';
import type { QueueName } from './queues.ts';

/** What a job definition is made of: where it runs, what it takes, what it returns. */
export interface JobDefinitionInput<
  Name extends string,
  Payload extends z.ZodType,
  Result extends z.ZodType,
> {
  /** Queue the job is added to and consumed from. */
  readonly queue: QueueName;
  /** Job name, unique within its queue. */
  readonly name: Name;
  /** Payload schema; the producer validates before adding, the worker again before running. */
  readonly payload: Payload;
  /** Result schema; the worker validates its handler's return value. */
  readonly result: Result;
  /** BullMQ options applied to every job of this kind (a caller may override per job). */
  readonly defaultOptions?: JobsOptions;
}

/** A job definition shared by producers (api) and consumers (worker). */
export interface JobDefinition<Name extends string, Payload extends z.ZodType, Result extends z.ZodType>
  extends Required<JobDefinitionInput<Name, Payload, Result>> {
  /** Validates a payload, throwing {@link JobValidationError} (`JOB_PAYLOAD_INVALID`). */
  parsePayload(input: unknown): z.output<Payload>;
  /** Validates a result, throwing {@link JobValidationError} (`JOB_RESULT_INVALID`). */
  parseResult(input: unknown): z.output<Result>;
}

/** Any job definition, for registries and generic helpers. */
// biome-ignore lint/suspicious/noExplicitAny: registries hold definitions of every payload type
export type AnyJobDefinition = JobDefinition<string, z.ZodType<any>, z.ZodType<any>>;

/** Payload type (input side) of a definition. */
export type JobPayload<D extends AnyJobDefinition> = z.input<D['payload']>;
/** Result type of a definition. */
export type JobResult<D extends AnyJobDefinition> = z.output<D['result']>;

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Declares a job: name, zod payload and result schemas, default BullMQ options. */
export function defineJob<Name extends string, Payload extends z.ZodType, Result extends z.ZodType>(
  input: JobDefinitionInput<Name, Payload, Result>,
): JobDefinition<Name, Payload, Result> {
  const definition: JobDefinition<Name, Payload, Result> = {
    queue: input.queue,
    name: input.name,
    payload: input.payload,
    result: input.result,
    defaultOptions: { ...input.defaultOptions },
    parsePayload(value) {
      const parsed = input.payload.safeParse(value);
      if (!parsed.success) {
        throw new JobValidationError('JOB_PAYLOAD_INVALID', input.name, issuesOf(parsed.error));
      }
      return parsed.data;
    },
    parseResult(value) {
      const parsed = input.result.safeParse(value);
      if (!parsed.success) {
        throw new JobValidationError('JOB_RESULT_INVALID', input.name, issuesOf(parsed.error));
      }
      return parsed.data;
    },
  };
  return Object.freeze(definition);
}
