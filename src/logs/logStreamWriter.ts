import type { RejectedLogEventsInfo } from '@aws-sdk/client-cloudwatch-logs'
import type { LogsSender } from '../aws/executionClients.js'
import { backoffDelay, DEFAULT_RETRY, isRetryableAwsError, type RetryOptions } from '../aws/retry.js'
import { sdk } from '../aws/sdk.js'
import type { Logger } from '../log.js'
import type { LogEvent } from './batcher.js'

export interface LogStreamWriterOptions {
  client: LogsSender
  group: string
  stream: string
  createGroup: boolean
  /** Docker's awslogs-create-stream; false when the stream is made by someone else. */
  createStream: boolean
  retry: RetryOptions
  logger: Logger
}

/** Longer than other calls' policy: a log batch may wait out a throttling burst (~30 s at most); close() ends. */
export const LOGS_RETRY: RetryOptions = { ...DEFAULT_RETRY, maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 10_000 }

export const awsErrorName = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as Error).name === 'string' ? (e as Error).name : undefined

/** What may be logged about a failed call: its code and HTTP status, never the request. */
export const errorFields = (e: unknown) => ({
  code: awsErrorName(e),
  status: (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode,
})

// Failures where the request never reached the service: retrying them cannot deliver a batch twice.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])

/**
 * Throttling, 5xx, unreachable endpoints and OperationAborted (two tasks creating one group at once) pass
 * with time; everything else (AccessDenied, InvalidParameter, ...) does not.
 */
export function isTransientLogsError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined
  if (typeof code === 'string' && NOT_SENT.has(code)) return true
  return isRetryableAwsError(e) || awsErrorName(e) === 'OperationAbortedException'
}

/** Events CloudWatch accepted the request for but refused to store (too old, expired, too far ahead). */
export function rejectedCounts(info: RejectedLogEventsInfo | undefined, n: number) {
  if (!info) return { tooOld: 0, expired: 0, tooNew: 0, total: 0 }
  // Indices are inclusive; the "old" kinds are prefixes of the batch and may overlap, "new" is a suffix.
  const tooOld = (info.tooOldLogEventEndIndex ?? -1) + 1
  const expired = (info.expiredLogEventEndIndex ?? -1) + 1
  const tooNew = info.tooNewLogEventStartIndex === undefined ? 0 : n - info.tooNewLogEventStartIndex
  return { tooOld, expired, tooNew, total: Math.min(n, Math.max(tooOld, expired) + Math.max(0, tooNew)) }
}

/**
 * One log stream: created once before the first PutLogEvents (the group too, on ResourceNotFound, when
 * awslogs-create-group is set; AlreadyExists is success), then one batch at a time. A batch is retried only
 * after an error that says it was not stored, so nothing is ever stored twice; the caller sends the next
 * batch only when this one settled, so nothing is reordered.
 */
export class LogStreamWriter {
  #ready: Promise<void> | undefined

  constructor(readonly o: LogStreamWriterOptions) {}

  /** Makes sure the stream exists; single-flight, and forgotten on failure so the next call tries again. */
  ensure(): Promise<void> {
    this.#ready ??= this.#create().catch((e: unknown) => {
      this.#ready = undefined
      throw e
    })
    return this.#ready
  }

  /** Sends one batch; resolves with the number of events CloudWatch refused, rejects if it was not stored. */
  async put(events: LogEvent[]): Promise<number> {
    const { client, group, stream, retry } = this.o
    const { PutLogEventsCommand } = await sdk.logs()
    let recreated = false
    for (let attempt = 0; ; attempt++) {
      let putting = false
      try {
        await this.ensure()
        putting = true
        const out = await client.send(
          new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }),
        )
        const rejected = rejectedCounts(out.rejectedLogEventsInfo, events.length)
        if (rejected.total > 0) this.o.logger.warn({ ...rejected }, 'CloudWatch Logs refused some log events')
        return rejected.total
      } catch (e) {
        // The stream (or group) was deleted under us: make it again, once per batch.
        if (putting && !recreated && awsErrorName(e) === 'ResourceNotFoundException') {
          recreated = true
          this.#ready = undefined
          continue
        }
        if (attempt + 1 >= retry.maxAttempts || !isTransientLogsError(e)) throw e
        const delay = backoffDelay(attempt, retry)
        this.o.logger.debug({ ...errorFields(e), attempt: attempt + 1, delay }, 'PutLogEvents will be retried')
        await retry.sleep(delay)
      }
    }
  }

  async #create(): Promise<void> {
    const { client, group, stream } = this.o
    if (!this.o.createStream) return
    const { CreateLogGroupCommand, CreateLogStreamCommand } = await sdk.logs()
    const createStream = () =>
      ignoreExists(client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })))
    try {
      await createStream()
    } catch (e) {
      if (!this.o.createGroup || awsErrorName(e) !== 'ResourceNotFoundException') throw e
      await ignoreExists(client.send(new CreateLogGroupCommand({ logGroupName: group })))
      this.o.logger.info('created log group')
      await createStream()
    }
  }
}

async function ignoreExists(p: Promise<unknown>): Promise<void> {
  try {
    await p
  } catch (e) {
    if (awsErrorName(e) !== 'ResourceAlreadyExistsException') throw e
  }
}
