import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { loadConfig } from '../config.js'
import { loadTaskDefinitionFrom, registerInput, type LoadedDefinition } from '../taskdef/index.js'
import { UsageError } from './args.js'
import { loadOptions, parseTaskdefArgs } from './taskdefArgs.js'

const FORMATS: Record<LoadedDefinition['format'], string> = {
  'register-task-definition': 'RegisterTaskDefinition input',
  'describe-task-definition': 'describe-task-definition output',
  cloudformation: 'CloudFormation template',
  'terraform-plan': 'Terraform plan',
  'terraform-state': 'Terraform state',
  'container-definitions': 'containerDefinitions array',
}

function summary(def: TaskDefinition, loaded: LoadedDefinition): string {
  const from = FORMATS[loaded.format] + (loaded.resource ? `, resource ${loaded.resource}` : '')
  const rows: Array<[string, string | undefined]> = [
    ['family', `${def.family}${loaded.input.revision !== undefined ? `:${loaded.input.revision}` : ''}`],
    ['networkMode', def.networkMode],
    ['cpu', def.cpu],
    ['memory', def.memory],
    ['taskRoleArn', def.taskRoleArn],
    ['executionRoleArn', def.executionRoleArn],
  ]
  let out = `${loaded.source}: valid (${from})\n`
  for (const [k, v] of rows) if (v !== undefined) out += `  ${k.padEnd(17)} ${v}\n`
  for (const c of def.containerDefinitions ?? []) {
    out += `  container ${c.name}: ${c.image}${c.essential ? '' : ' (not essential)'}\n`
  }
  return out
}

/**
 * `ecs-local validate TASKDEF`: loads any input format and validates it without running anything; --json prints
 * the normalised RegisterTaskDefinition input. Invalid input exits 2 (main.ts), like every input error.
 */
export async function validateCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseTaskdefArgs(argv)
  if (positionals.length !== 1) {
    throw new UsageError('usage: ecs-local validate TASKDEF|- [--json] [--resource ID] [--parameter KEY=VALUE]...')
  }
  const config = loadConfig(flags)
  const { definition, loaded } = await loadTaskDefinitionFrom(positionals[0]!, loadOptions(flags, config.region))
  process.stdout.write(
    flags.json ? `${JSON.stringify(registerInput(definition), null, 2)}\n` : summary(definition, loaded),
  )
  return 0
}
