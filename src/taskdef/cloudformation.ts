import { TASK_DEFINITION_PROPERTIES } from './cloudformationShape.js'
import { convert } from './convert.js'
import type { Template } from './intrinsicContext.js'
import { createResolver, type Resolver } from './intrinsics.js'
import { childPath, Problems, sourceError } from './problems.js'
import { PSEUDO_PARAMETERS } from './references.js'
import { isRecord, type LoadOptions, type Rec, type TaskDefinitionInput } from './types.js'

const TYPE = 'AWS::ECS::TaskDefinition'

/** Members the flags replace: not resolved at all, so an unresolvable role ARN does not stop a --task-role-arn. */
const OVERRIDDEN: ReadonlyArray<readonly [property: string, option: keyof LoadOptions, flagName: string]> = [
  ['Family', 'family', '--family NAME'],
  ['TaskRoleArn', 'taskRoleArn', '--task-role-arn ARN'],
  ['ExecutionRoleArn', 'executionRoleArn', '--execution-role-arn ARN'],
  ['NetworkMode', 'networkMode', '--network-mode MODE'],
]

const section = (doc: Rec, key: string): Rec => (isRecord(doc[key]) ? doc[key] : {})

function pickResource(resources: Rec, source: string, wanted: string | undefined): string {
  const ids = Object.keys(resources).filter((id) => isRecord(resources[id]) && resources[id].Type === TYPE)
  if (wanted !== undefined) {
    if (ids.includes(wanted)) return wanted
    const other = resources[wanted]
    const what = isRecord(other) ? `${wanted} is an ${String(other.Type)}` : `the template has no resource ${wanted}`
    throw sourceError(source, `--resource ${wanted}: ${what}; its ${TYPE} resources: ${ids.join(', ') || 'none'}`)
  }
  if (ids.length === 1) return ids[0]!
  if (ids.length === 0) throw sourceError(source, `the template has no ${TYPE} resource`)
  const listed = ids.map((id) => {
    const family = section(resources[id] as Rec, 'Properties').Family
    return typeof family === 'string' ? `${id} (family ${family})` : id
  })
  throw sourceError(
    source,
    `the template has ${ids.length} ${TYPE} resources; pick one with --resource: ${listed.join(', ')}`,
  )
}

/** A --parameter that names nothing in the template and was read by nothing is most likely a typo. */
function checkParameters(
  template: Template,
  params: Readonly<Record<string, string>>,
  used: ReadonlySet<string>,
  source: string,
): void {
  const known = (key: string): boolean =>
    used.has(key) ||
    key in template.Parameters ||
    key in template.Resources ||
    PSEUDO_PARAMETERS.includes(key) ||
    (key.includes('.') && key.slice(0, key.indexOf('.')) in template.Resources)
  const unknown = Object.keys(params).filter((k) => !known(k))
  if (unknown.length) {
    throw sourceError(
      source,
      `--parameter ${unknown.join(', ')}: no parameter, resource or pseudo parameter of the template, and no intrinsic read it`,
    )
  }
}

function resolveProperties(
  resolver: Resolver,
  props: Rec,
  at: string,
  id: string,
  options: LoadOptions,
  source: string,
): Rec {
  const kept = { ...props }
  for (const [property, option] of OVERRIDDEN) if (options[option] !== undefined) delete kept[property]
  const resolved = resolver.resolve(kept, at)
  for (const p of resolver.problems.list) {
    const hint = OVERRIDDEN.find(([property]) => p.path.startsWith(childPath(at, property)))
    if (hint && !p.message.endsWith(hint[2])) p.message += `, or ${hint[2]}`
  }
  resolver.problems.throwIfAny(source, `resource ${id}: values that cannot be resolved locally`)
  return isRecord(resolved) ? resolved : {}
}

/** The AWS::ECS::TaskDefinition of a CloudFormation or CDK template, intrinsics resolved, in the SDK's shape. */
export function fromCloudFormation(
  doc: Rec,
  source: string,
  options: LoadOptions,
): { input: TaskDefinitionInput; resource: string } {
  const template: Template = {
    Parameters: section(doc, 'Parameters'),
    Mappings: section(doc, 'Mappings'),
    Conditions: section(doc, 'Conditions'),
    Resources: section(doc, 'Resources'),
  }
  const id = pickResource(template.Resources, source, options.resource)
  const res = template.Resources[id] as Rec
  const params = options.parameters ?? {}
  const resolver = createResolver(template, params, options.region)
  const at = childPath(childPath('Resources', id), 'Properties')
  if (typeof res.Condition === 'string') {
    const created = resolver.condition(res.Condition, childPath(childPath('Resources', id), 'Condition'))
    resolver.problems.throwIfAny(source, `resource ${id}: its Condition cannot be evaluated`)
    if (!created) throw sourceError(source, `resource ${id} is not created: its Condition ${res.Condition} is false`)
  }
  const resolved = resolveProperties(resolver, section(res, 'Properties'), at, id, options, source)
  const problems = new Problems()
  const input = convert(resolved, TASK_DEFINITION_PROPERTIES, at, problems, {
    unsetIsEmpty: false,
  }) as TaskDefinitionInput
  problems.throwIfAny(source, `resource ${id}: properties that do not fit ${TYPE}`)
  checkParameters(template, params, resolver.used, source)
  // CloudFormation names a family-less task definition after the stack; locally the logical id stands in.
  return { input: { ...input, family: input.family ?? id }, resource: id }
}
