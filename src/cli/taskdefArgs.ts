import { parseArgs } from 'node:util'
import type { ConfigFlags } from '../config.js'
import type { LoadOptions } from '../taskdef/index.js'
import { CONFIG_OPTIONS, UsageError } from './args.js'
import { RUN_OPTIONS, type RunFlags } from './runArgs.js'

/** Flags that choose and complete the task definition: `run` and `validate` take the same ones. */
export const TASKDEF_OPTIONS = {
  resource: { type: 'string' },
  parameter: { type: 'string', multiple: true },
  family: { type: 'string' },
  'task-role-arn': { type: 'string' },
  'execution-role-arn': { type: 'string' },
  'network-mode': { type: 'string' },
} as const

export interface TaskdefFlags {
  resource?: string
  parameter?: string[]
  family?: string
  'task-role-arn'?: string
  'execution-role-arn'?: string
  'network-mode'?: string
}

type Flags = ConfigFlags & TaskdefFlags & RunFlags & { json?: boolean; detach?: boolean; help?: boolean }

/** `run: true` accepts the flags only `run` takes (RunTask's per-run members); `validate` refuses them by name. */
export function parseTaskdefArgs(
  argv: string[],
  opts: { run?: boolean } = {},
): { flags: Flags; positionals: string[] } {
  let parsed
  try {
    const options = { ...CONFIG_OPTIONS, ...TASKDEF_OPTIONS, ...RUN_OPTIONS }
    parsed = parseArgs({ args: argv, options, allowPositionals: true })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const runOnly = Object.keys(RUN_OPTIONS).find((k) => k in parsed.values)
  if (!opts.run && runOnly) throw new UsageError(`--${runOnly} is an option of run only`)
  return { flags: parsed.values, positionals: parsed.positionals }
}

/** --parameter KEY=VALUE, repeatable; the key is everything before the first `=`. */
export function parameters(list: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of list) {
    const eq = item.indexOf('=')
    if (eq < 1) throw new UsageError(`--parameter ${item}: expected KEY=VALUE (docs/task-definitions.md)`)
    const key = item.slice(0, eq)
    if (key in out) throw new UsageError(`--parameter ${key} is given twice`)
    out[key] = item.slice(eq + 1)
  }
  return out
}

/** `region` is the one tasks run in, the default for AWS::Region. */
export function loadOptions(flags: TaskdefFlags, region: string): LoadOptions {
  return {
    resource: flags.resource,
    parameters: parameters(flags.parameter),
    region,
    family: flags.family,
    taskRoleArn: flags['task-role-arn'],
    executionRoleArn: flags['execution-role-arn'],
    networkMode: flags['network-mode'],
  }
}
