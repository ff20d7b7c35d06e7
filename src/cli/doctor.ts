import { loadConfig } from '../config.js'
import type { LoadedTaskDefinition } from '../doctor/input.js'
import { exitCode, toJson, toText } from '../doctor/report.js'
import { settle } from '../doctor/result.js'
import { loadTaskDefinitionFrom } from '../taskdef/index.js'
import { UsageError } from './args.js'
import { loadOptions, parseTaskdefArgs } from './taskdefArgs.js'

/**
 * `ecs-local doctor [TASKDEF]`: every check at once (engine, network, endpoint port, base credentials, the task's
 * roles, ECR, clock), one line each or --json; exit 1 when any FAILed. The TASKDEF loads as `validate` loads it.
 */
export async function doctorCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseTaskdefArgs(argv)
  if (positionals.length > 1) throw new UsageError('usage: ecs-local doctor [TASKDEF|-] [--json] [options]')
  const config = loadConfig(flags)
  const [source] = positionals
  let taskDefinition: LoadedTaskDefinition | undefined
  if (source !== undefined) {
    const loaded = await settle(loadTaskDefinitionFrom(source, loadOptions(flags, config.region)))
    taskDefinition = loaded.ok ? { source, ok: true, value: loaded.value.definition } : { source, ...loaded }
  }
  // Loaded here: the checks bring dockerode and the STS and ECR clients, which no other client command needs.
  const { runDoctor } = await import('../doctor/run.js')
  const checks = await runDoctor({ config, taskDefinition })
  process.stdout.write(flags.json ? toJson(checks) : toText(checks))
  return exitCode(checks)
}
