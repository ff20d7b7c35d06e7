import { sourceError } from './problems.js'
import { isRecord, type InputFormat, type LoadOptions, type TaskDefinitionInput } from './types.js'

/** ECS treats an empty list or object as an absent one; dropping them lets every format compare equal. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact)
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const c = compact(v)
    if (c === undefined || (Array.isArray(c) && c.length === 0) || (isRecord(c) && Object.keys(c).length === 0))
      continue
    out[k] = c
  }
  return out
}

const TEMPLATES: readonly InputFormat[] = ['cloudformation', 'terraform-plan', 'terraform-state']

/** The flags' overrides applied last, whatever the format, and flags that mean nothing for this format refused. */
export function normalise(
  input: TaskDefinitionInput,
  format: InputFormat,
  source: string,
  options: LoadOptions,
): TaskDefinitionInput {
  if (options.resource !== undefined && !TEMPLATES.includes(format)) {
    throw sourceError(
      source,
      `--resource picks a resource of a CloudFormation template or Terraform output; this is ${format}`,
    )
  }
  if (Object.keys(options.parameters ?? {}).length && format !== 'cloudformation') {
    throw sourceError(source, `--parameter resolves CloudFormation intrinsics; this is ${format}`)
  }
  const out = compact(input) as TaskDefinitionInput
  if (options.family !== undefined) out.family = options.family
  if (options.taskRoleArn !== undefined) out.taskRoleArn = options.taskRoleArn
  if (options.executionRoleArn !== undefined) out.executionRoleArn = options.executionRoleArn
  if (options.networkMode !== undefined) {
    out.networkMode = options.networkMode as TaskDefinitionInput['networkMode']
    // Asking a Fargate definition for another mode asks for an EC2 task: Fargate has awsvpc only.
    if (out.networkMode !== 'awsvpc' && out.requiresCompatibilities?.includes('FARGATE')) {
      const rest = out.requiresCompatibilities.filter((c) => c !== 'FARGATE')
      out.requiresCompatibilities = rest.length ? rest : ['EC2']
    }
  }
  return out
}
