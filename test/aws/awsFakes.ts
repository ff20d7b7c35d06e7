/** A service error as SDK v3 clients throw them: name = AWS error code, $fault and status alongside. */
export function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  })
}

type Handler = (input: Record<string, unknown>, call: number) => unknown

/**
 * A minimal AWS client: answers by the command's class name (GetSecretValueCommand, GetParametersCommand, ...),
 * records every call's command and input. Stands in for ECR, Secrets Manager, SSM and S3 alike.
 */
export class FakeAws {
  readonly calls: { command: string; input: Record<string, unknown> }[] = []

  constructor(readonly handlers: Record<string, Handler> = {}) {}

  count(command: string): number {
    return this.calls.filter((c) => c.command === command).length
  }

  async send(command: { input: unknown }): Promise<never> {
    const name = command.constructor.name
    const input = command.input as Record<string, unknown>
    this.calls.push({ command: name, input })
    await Promise.resolve()
    const handler = this.handlers[name]
    if (!handler) throw new Error(`FakeAws: unexpected ${name}`)
    return (await handler(input, this.count(name))) as never
  }
}

/** An S3 GetObject body, as the SDK's stream mixin offers it. */
export const s3Body = (text: string) => ({ Body: { transformToString: async () => text } })

/** Retry options that never wait. */
export const NO_WAIT = { sleep: async () => {}, random: () => 0 }
