import { convert } from './convert.js'
import { childPath, Problems, sourceError } from './problems.js'
import { TERRAFORM_TASK_DEFINITION } from './terraformShape.js'
import { isRecord, type InputFormat, type LoadOptions, type Rec, type TaskDefinitionInput } from './types.js'

const TYPE = 'aws_ecs_task_definition'

interface Found {
  address: string
  values: Rec
}

/** Every managed aws_ecs_task_definition of a module and its child modules, with its address. */
function collect(module: unknown, out: Found[] = []): Found[] {
  if (!isRecord(module)) return out
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (isRecord(r) && r.type === TYPE && r.mode === 'managed' && typeof r.address === 'string') {
      out.push({ address: r.address, values: isRecord(r.values) ? r.values : {} })
    }
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) collect(child, out)
  return out
}

function pick(found: Found[], source: string, wanted: string | undefined): Found {
  const addresses = found.map((f) => f.address)
  if (wanted !== undefined) {
    const f = found.find((x) => x.address === wanted)
    if (f) return f
    throw sourceError(
      source,
      `--resource ${wanted}: no ${TYPE} at that address; there are: ${addresses.join(', ') || 'none'}`,
    )
  }
  if (found.length === 1) return found[0]!
  if (found.length === 0) throw sourceError(source, `no ${TYPE} resource in it`)
  throw sourceError(
    source,
    `it has ${found.length} ${TYPE} resources; pick one with --resource: ${addresses.join(', ')}`,
  )
}

const FLAGS: Record<string, readonly [keyof LoadOptions, string]> = {
  family: ['family', '--family NAME'],
  task_role_arn: ['taskRoleArn', '--task-role-arn ARN'],
  execution_role_arn: ['executionRoleArn', '--execution-role-arn ARN'],
  network_mode: ['networkMode', '--network-mode MODE'],
}

/** host_path is flat in the provider's schema; as a block it converts like the API's host.sourcePath. */
function hostPathAsBlock(v: unknown): unknown {
  if (!isRecord(v)) return v
  const { host_path: hostPath, ...rest } = v
  return { ...rest, host: hostPath ? [{ source_path: hostPath }] : [] }
}

/** A plan leaves out what only apply can know (an ARN of a role the same plan creates): name each such value. */
function unknownInPlan(doc: Rec, address: string, options: LoadOptions, problems: Problems): void {
  const changes = Array.isArray(doc.resource_changes) ? doc.resource_changes : []
  const change = changes.find((c) => isRecord(c) && c.address === address)
  const unknown = isRecord(change) && isRecord(change.change) ? change.change.after_unknown : undefined
  if (!isRecord(unknown)) return
  for (const [attr, isUnknown] of Object.entries(unknown)) {
    if (
      isUnknown !== true ||
      attr === 'arn' ||
      attr === 'arn_without_revision' ||
      attr === 'id' ||
      attr === 'revision' ||
      attr === 'tags_all'
    )
      continue
    const f = FLAGS[attr]
    if (f && options[f[0]] !== undefined) continue
    const hint =
      attr === 'container_definitions'
        ? 'apply first and load the state (terraform show -json), or keep the containers in a JSON file'
        : f
          ? `pass ${f[1]}`
          : 'apply first and load the state (terraform show -json)'
    problems.add(childPath(address, attr), `known only after apply; ${hint}`)
  }
}

function containerDefinitions(values: Rec, at: string, problems: Problems): unknown {
  const text = values.container_definitions
  if (text === undefined || text === null) return undefined // a plan's unknown value: reported by unknownInPlan
  try {
    const defs: unknown = typeof text === 'string' ? JSON.parse(text) : text
    if (Array.isArray(defs)) return defs
    problems.add(at, 'must be a JSON array of container definitions')
  } catch (e) {
    problems.add(at, `is not valid JSON: ${(e as Error).message}`)
  }
  return undefined
}

/** The aws_ecs_task_definition of `terraform show -json` output (a plan or a state), in the SDK's shape. */
export function fromTerraform(
  doc: Rec,
  source: string,
  options: LoadOptions,
): { input: TaskDefinitionInput; resource: string; format: InputFormat } {
  const plan = isRecord(doc.planned_values)
  const root = plan
    ? (doc.planned_values as Rec).root_module
    : isRecord(doc.values)
      ? doc.values.root_module
      : undefined
  const found = pick(collect(root), source, options.resource)
  const problems = new Problems()
  if (plan) unknownInPlan(doc, found.address, options, problems)
  const { tags, tags_all: tagsAll, volume, ...rest } = found.values
  const values: Rec = {
    ...rest,
    // tags_all is what the provider registers: tags merged with the provider's default_tags.
    tags: isRecord(tagsAll) && Object.keys(tagsAll).length ? tagsAll : tags,
    volume: Array.isArray(volume) ? volume.map(hostPathAsBlock) : volume,
  }
  const input = convert(values, TERRAFORM_TASK_DEFINITION, found.address, problems, {
    unsetIsEmpty: true,
  }) as TaskDefinitionInput
  const defs = containerDefinitions(found.values, childPath(found.address, 'container_definitions'), problems)
  problems.throwIfAny(source, `${found.address}: values that cannot be used`)
  const revision = typeof found.values.revision === 'number' ? { revision: found.values.revision } : {}
  return {
    input: { ...input, ...revision, containerDefinitions: defs as TaskDefinitionInput['containerDefinitions'] },
    resource: found.address,
    format: plan ? 'terraform-plan' : 'terraform-state',
  }
}
