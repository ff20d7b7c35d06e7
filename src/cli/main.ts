#!/usr/bin/env node
import { setTimeout as sleep } from 'node:timers/promises'
import { loadConfig } from '../config.js'
import { ControlClient } from '../control/client.js'
import { packageVersion } from '../version.js'
import { errorCode } from '../errors.js'
import { parse, USAGE, UsageError } from './args.js'

/** Exit 2 for anything the user can fix in their input (flags, task definition, config). */
const INPUT_ERRORS = new Set([
  'ECSL_ERR_TASKDEF_FILE',
  'ECSL_ERR_TASKDEF_JSON',
  'ECSL_ERR_TASKDEF_YAML',
  'ECSL_ERR_TASKDEF_SOURCE',
  'ECSL_ERR_TASKDEF_LOOKUP',
  'ECSL_ERR_TASKDEF_INVALID',
  'ECSL_ERR_OVERRIDES_INVALID',
  'ECSL_ERR_CONFIG',
])

async function listCommand(argv: string[], what: 'ps' | 'calls'): Promise<number> {
  const { flags } = parse(argv)
  const client = new ControlClient(loadConfig(flags).controlSocket)
  try {
    if (!(await client.info().catch(() => undefined))) throw new Error('no daemon is running')
    const data = what === 'ps' ? await client.tasks() : await client.localAwsCalls()
    process.stdout.write(JSON.stringify(data, null, 2) + '\n')
    return 0
  } finally {
    await client.close()
  }
}

/** `ecs-local logs [GROUP [STREAM]]`: what the local CloudWatch Logs holds (groups, or a group's events). */
async function logsCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parse(argv)
  const client = new ControlClient(loadConfig(flags).controlSocket)
  try {
    if (!(await client.info().catch(() => undefined))) throw new Error('no daemon is running')
    const [group, stream] = positionals
    const data = await client.localAwsLogs<{ logStreamName: string; message: string } | string>(group, stream)
    for (const e of data) {
      if (flags.json || typeof e === 'string') process.stdout.write(`${JSON.stringify(e)}\n`)
      else process.stdout.write(`${e.logStreamName} | ${e.message.replace(/\n$/, '')}\n`)
    }
    return 0
  } finally {
    await client.close()
  }
}

/** `ecs-local stop TASK`: stops a task (id or ARN) and waits until the daemon has removed it. */
async function stopCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parse(argv)
  const [id] = positionals
  if (!id) throw new UsageError('usage: ecs-local stop TASK (a task id or ARN, see ecs-local ps)')
  const client = new ControlClient(loadConfig(flags).controlSocket)
  try {
    if (!(await client.info().catch(() => undefined))) throw new Error('no daemon is running')
    const { taskArn } = await client.stopTask(id)
    // Containers get their stopTimeout (at most a few minutes) before Docker kills them.
    while ((await client.tasks()).some((t) => t.taskArn === taskArn)) await sleep(250)
    process.stdout.write(`${taskArn}\n`)
    return 0
  } finally {
    await client.close()
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  // --help after any command prints the usage instead of running it.
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE)
    return 0
  }
  switch (command) {
    // Loaded on demand: each command pulls in only the modules it uses (start-up time of every call).
    case 'run':
      return (await import('./run.js')).runCommand(rest)
    case 'validate':
      return (await import('./validate.js')).validateCommand(rest)
    case 'daemon':
      return (await import('./daemonCommand.js')).daemonCommand(rest)
    case 'doctor':
      return (await import('./doctor.js')).doctorCommand(rest)
    case 'ps':
      return listCommand(rest, 'ps')
    case 'stop':
      return stopCommand(rest)
    case 'logs':
      return logsCommand(rest)
    case 'local-aws':
      if (rest[0] === 'calls') return listCommand(rest.slice(1), 'calls')
      if (rest[0] === 'policy') return (await import('./policy.js')).policyCommand(rest.slice(1))
      if (rest[0] === 'reset') return (await import('./localAwsReset.js')).resetCommand(rest.slice(1))
      throw new UsageError(
        'usage: ecs-local local-aws calls | local-aws policy TASK [--execution] | --role ARN | local-aws reset',
      )
    case 'version':
    case '--version':
      process.stdout.write(`${await packageVersion()}\n`)
      return 0
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE)
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(`unknown command ${command}\n\n${USAGE}`)
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const code = errorCode(e)
    process.stderr.write(`ecs-local: ${(e as Error).message}\n`)
    process.exit(e instanceof UsageError || (code && INPUT_ERRORS.has(code)) ? 2 : 1)
  },
)
