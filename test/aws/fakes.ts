import { STSServiceException, type AssumeRoleCommandInput, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts'
import type { Scheduler } from '../../src/aws/scheduler.js'

/** An SDK-shaped service error, as STSClient throws them (name = AWS error code). */
export function stsError(name: string, status: number, message = name): STSServiceException {
  return new STSServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  })
}

type AssumeHandler = (
  input: AssumeRoleCommandInput,
  call: number,
) => AssumeRoleCommandOutput | Promise<AssumeRoleCommandOutput>

/**
 * A minimal STS: answers AssumeRole and GetCallerIdentity by the command's class name, records every call.
 * By default it issues credentials that live DurationSeconds from the clock's now, numbered per call.
 */
export class FakeSts {
  readonly calls: { command: string; input: unknown }[] = []
  callerArn: string | Error = 'arn:aws:sts::111122223333:assumed-role/Developer/alice'
  assume: AssumeHandler

  constructor(readonly clock: { now(): number }) {
    this.assume = (input, call) => ({
      $metadata: {},
      Credentials: {
        AccessKeyId: `ASIAFAKE${call}`,
        SecretAccessKey: `SECRET-${call}`,
        SessionToken: `TOKEN-${call}`,
        Expiration: new Date(this.clock.now() + (input.DurationSeconds ?? 3600) * 1000),
      },
    })
  }

  assumeCalls(): number {
    return this.calls.filter((c) => c.command === 'AssumeRoleCommand').length
  }

  async send(command: { input: unknown }): Promise<never> {
    const name = command.constructor.name
    this.calls.push({ command: name, input: command.input })
    await Promise.resolve()
    if (name === 'AssumeRoleCommand') {
      return (await this.assume(command.input as AssumeRoleCommandInput, this.assumeCalls())) as never
    }
    if (name === 'GetCallerIdentityCommand') {
      if (this.callerArn instanceof Error) throw this.callerArn
      return { Arn: this.callerArn, Account: this.callerArn.split(':')[4], UserId: 'AROAFAKE:alice' } as never
    }
    throw new Error(`FakeSts: unexpected ${name}`)
  }
}

/** A clock whose time moves only when told; timers fire in due order as time passes. */
export class FakeScheduler implements Scheduler {
  t = Date.parse('2030-01-01T00:00:00.000Z')
  #timers: { at: number; fn: () => void }[] = []

  now(): number {
    return this.t
  }

  schedule(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + ms, fn }
    this.#timers.push(timer)
    return () => {
      this.#timers = this.#timers.filter((x) => x !== timer)
    }
  }

  pending(): number {
    return this.#timers.length
  }

  /** Moves time forward by ms, firing due timers and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms
    for (;;) {
      const next = this.#timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!next) break
      this.#timers = this.#timers.filter((x) => x !== next)
      this.t = next.at
      next.fn()
      await settle()
    }
    this.t = end
    await settle()
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}
