import { AwsLogsForwarder, type AwsLogsForwarderOptions } from '../../src/logs/forwarder.js'
import { FakeLogs, instantRetry, memoryLogger } from './fakeLogs.js'

export const T0 = Date.parse('2030-01-01T00:00:00Z')
export const line = (text: string, at = T0) => [text, at] as const

/** A forwarder on a FakeLogs whose group /ecs/app exists; retries do not wait; ticks are a minute apart. */
export function setup(opts: Partial<AwsLogsForwarderOptions> = {}, fake = new FakeLogs()) {
  fake.groups.add('/ecs/app')
  const { slept, retry } = instantRetry()
  const log = memoryLogger()
  const fwd = new AwsLogsForwarder({
    client: fake,
    group: '/ecs/app',
    stream: 'ecs/web/task1',
    createGroup: false,
    mode: 'non-blocking',
    maxBufferBytes: 10 * 2 ** 20,
    flushIntervalMs: 60_000,
    logger: log.logger,
    retry,
    ...opts,
  })
  return { fake, fwd, slept, log }
}
