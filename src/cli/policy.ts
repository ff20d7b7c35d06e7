import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { ControlClient } from '../control/client.js'
import type { RolePolicy } from '../control/protocol.js'
import { CONFIG_OPTIONS, UsageError } from './args.js'

const OPTIONS = { ...CONFIG_OPTIONS, role: { type: 'string' }, execution: { type: 'boolean' } } as const

export const POLICY_USAGE =
  'usage: ecs-local local-aws policy TASK [--execution] | --role ARN (TASK: a task id or ARN, see ecs-local ps)'

/** As IAM writes a role ARN; the daemon checks it again. */
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/

/** The lines beside the policy (stderr): what it covers and what it cannot. */
export function policyNote(r: RolePolicy): string {
  const which = r.task ? ` (the ${r.task.role} role of task ${r.task.taskArn})` : ''
  const calls = r.calls === 1 ? '1 call' : `${r.calls} calls`
  const denied =
    r.denied === 0 ? 'none had been denied' : `${r.denied} of them had been denied, and it allows what they attempted`
  const lines = [
    `least-privilege policy for ${r.roleArn}${which}`,
    `built from ${calls} of its sessions, ${r.from} to ${r.to}; ${denied}`,
    'it covers only what ran: code paths those calls did not exercise are not in it',
  ]
  if (r.explicitlyDenied)
    lines.push(`${r.explicitlyDenied} call(s) refused by an explicit Deny: what the Deny refused is left out`)
  return lines.map((l) => `ecs-local: ${l}\n`).join('')
}

/**
 * `ecs-local local-aws policy TASK [--execution]` or `--role ARN`: the least-privilege identity policy of a role,
 * from the calls its sessions made to the local AWS. The document goes to stdout, the note to stderr.
 */
export async function policyCommand(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true })
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${POLICY_USAGE}`)
  }
  const { values: flags, positionals } = parsed
  const [task, ...extra] = positionals
  if (extra.length > 0 || !task === !flags.role) throw new UsageError(POLICY_USAGE)
  if (flags.execution && !task) throw new UsageError(`--execution picks a task's execution role\n${POLICY_USAGE}`)
  if (flags.role && !ROLE_ARN.test(flags.role))
    throw new UsageError(`--role ${flags.role} is not a role ARN: arn:<partition>:iam::<account>:role/[<path>/]<name>`)
  const client = new ControlClient(loadConfig(flags).controlSocket)
  try {
    if (!(await client.info().catch(() => undefined))) throw new Error('no daemon is running')
    const r = await client.localAwsPolicy(task ? { task, execution: flags.execution } : { role: flags.role ?? '' })
    process.stdout.write(`${JSON.stringify(r.policy, null, 2)}\n`)
    process.stderr.write(policyNote(r))
    return 0
  } finally {
    await client.close()
  }
}
