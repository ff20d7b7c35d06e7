import { Writable } from 'node:stream'
import {
  CloudWatchLogsServiceException,
  type InputLogEvent,
  type PutLogEventsCommandInput,
  type RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs'
import { createLogger } from '../../src/log.js'
import {
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_BYTES_WITH_OVERHEAD,
  MAX_BATCH_EVENTS,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_MESSAGE_BYTES,
} from '../../src/model/cloudWatchLogsLimits.js'

/** An SDK-shaped CloudWatch Logs error (name = AWS error code). */
export function logsError(name: string, status: number): CloudWatchLogsServiceException {
  return new CloudWatchLogsServiceException({
    name,
    message: `${name} (fake)`,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  })
}

/** Problems a PutLogEvents request has against the real service's limits; empty when it is valid. */
export function batchProblems(events: InputLogEvent[]): string[] {
  const problems: string[] = []
  if (events.length === 0 || events.length > MAX_BATCH_EVENTS) problems.push(`${events.length} events`)
  let bytes = 0
  for (const [i, e] of events.entries()) {
    const size = Buffer.byteLength(e.message ?? '', 'utf8')
    bytes += size + EVENT_OVERHEAD_BYTES
    if (size === 0 || size > MAX_EVENT_MESSAGE_BYTES) problems.push(`event ${i} has ${size} bytes`)
    if (i > 0 && e.timestamp! < events[i - 1]!.timestamp!) problems.push(`event ${i} out of order`)
  }
  if (bytes > MAX_BATCH_BYTES_WITH_OVERHEAD) problems.push(`${bytes} bytes`)
  const ts = events.map((e) => e.timestamp!)
  if (Math.max(...ts) - Math.min(...ts) > MAX_BATCH_SPAN_MS) problems.push('spans more than 24 h')
  return problems
}

/**
 * A CloudWatch Logs that keeps groups, streams and stored batches like the real one (ResourceNotFound,
 * ResourceAlreadyExists, limit checks), records every call, and fails the next calls on demand.
 */
export class FakeLogs {
  readonly calls: { command: string; input: Record<string, unknown> }[] = []
  readonly groups = new Set<string>()
  readonly streams = new Set<string>()
  /** Batches stored, in the order they were stored. */
  readonly batches: InputLogEvent[][] = []
  /** Errors for the next calls (any command), first one first. */
  readonly failures: Error[] = []
  /** Answered with the next PutLogEvents that is stored. */
  rejectedNext: RejectedLogEventsInfo | undefined
  /** While set, PutLogEvents waits for it: lets a test hold the sender still. */
  gate: Promise<void> | undefined
  /** Decides per call whether it fails (n counts calls of that command from 1), after `failures`. */
  chaos: ((command: string, n: number) => Error | undefined) | undefined
  inFlight = 0
  maxInFlight = 0

  failNext(n: number, name: string, status: number): void {
    for (let i = 0; i < n; i++) this.failures.push(logsError(name, status))
  }

  count(command: string): number {
    return this.calls.filter((c) => c.command === command).length
  }

  messages(): string[] {
    return this.batches.flat().map((e) => e.message!)
  }

  async send(command: { input: unknown }): Promise<never> {
    const name = command.constructor.name
    const input = command.input as Record<string, string>
    this.calls.push({ command: name, input })
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      await Promise.resolve()
      if (name === 'PutLogEventsCommand' && this.gate) await this.gate
      const failure = this.failures.shift() ?? this.chaos?.(name, this.count(name))
      if (failure) throw failure
      return this.#answer(name, input) as never
    } finally {
      this.inFlight--
    }
  }

  #answer(name: string, input: Record<string, string>): object {
    const stream = `${input.logGroupName}/${input.logStreamName}`
    if (name === 'CreateLogGroupCommand') {
      if (this.groups.has(input.logGroupName!)) throw logsError('ResourceAlreadyExistsException', 400)
      this.groups.add(input.logGroupName!)
      return {}
    }
    if (!this.groups.has(input.logGroupName!)) throw logsError('ResourceNotFoundException', 400)
    if (name === 'CreateLogStreamCommand') {
      if (this.streams.has(stream)) throw logsError('ResourceAlreadyExistsException', 400)
      this.streams.add(stream)
      return {}
    }
    if (name !== 'PutLogEventsCommand') throw new Error(`FakeLogs: unexpected ${name}`)
    if (!this.streams.has(stream)) throw logsError('ResourceNotFoundException', 400)
    const events = (input as unknown as PutLogEventsCommandInput).logEvents ?? []
    const problems = batchProblems(events)
    if (problems.length > 0) throw logsError(`InvalidParameterException: ${problems.join('; ')}`, 400)
    this.batches.push(events)
    const rejectedLogEventsInfo = this.rejectedNext
    this.rejectedNext = undefined
    return { rejectedLogEventsInfo }
  }
}

/** A logger writing into memory, to assert on what was logged (and what never was). */
export function memoryLogger() {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  const logger = createLogger({ destination, level: 'debug' })
  return {
    logger,
    raw: () => lines.join('\n'),
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

/** Retry options that do not wait, recording the delays asked for. */
export function instantRetry(maxAttempts = 8) {
  const slept: number[] = []
  return { slept, retry: { maxAttempts, random: () => 0, sleep: async (ms: number) => void slept.push(ms) } }
}
