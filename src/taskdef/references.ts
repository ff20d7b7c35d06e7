import { childPath } from './problems.js'
import {
  flag,
  given,
  isUnresolved,
  NO_VALUE,
  UNRESOLVED,
  type ResolveContext,
  type Resolved,
} from './intrinsicContext.js'
import { isRecord } from './types.js'

const PARTITIONS: ReadonlyArray<readonly [prefix: string, partition: string, urlSuffix: string]> = [
  ['cn-', 'aws-cn', 'amazonaws.com.cn'],
  ['us-gov-', 'aws-us-gov', 'amazonaws.com'],
  ['us-isob-', 'aws-iso-b', 'sc2s.sgov.gov'],
  ['us-iso-', 'aws-iso', 'c2s.ic.gov'],
]

function partitionOf(region: string | undefined): readonly [string, string] {
  const p = PARTITIONS.find(([prefix]) => region?.startsWith(prefix))
  return p ? [p[1], p[2]] : ['aws', 'amazonaws.com']
}

/** The pseudo parameters CloudFormation defines; the rest of `AWS::` is nothing. */
export const PSEUDO_PARAMETERS: readonly string[] = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]

function pseudo(name: string, path: string, ctx: ResolveContext): Resolved {
  if (name === 'AWS::NoValue') return NO_VALUE
  const v = given(ctx, name)
  if (v !== undefined) return name === 'AWS::NotificationARNs' ? v.split(',') : v
  const region = given(ctx, 'AWS::Region') ?? ctx.region
  if (name === 'AWS::Region' && region) return region
  if (name === 'AWS::Partition') return partitionOf(region)[0]
  if (name === 'AWS::URLSuffix') return partitionOf(region)[1]
  if (!PSEUDO_PARAMETERS.includes(name)) {
    ctx.problems.add(path, `Ref ${name}: not a pseudo parameter (they are ${PSEUDO_PARAMETERS.join(', ')})`)
  } else {
    ctx.problems.add(path, `Ref ${name}: not known locally; pass ${flag(name)}`)
  }
  return UNRESOLVED
}

const isList = (type: string): boolean =>
  type === 'CommaDelimitedList' || /^(AWS::SSM::Parameter::Value<)?List</.test(type)

function parameter(name: string, decl: Record<string, unknown>, path: string, ctx: ResolveContext): Resolved {
  const type = typeof decl.Type === 'string' ? decl.Type : 'String'
  let value = given(ctx, name)
  if (value === undefined && !type.startsWith('AWS::SSM::Parameter::Value<') && decl.Default !== undefined) {
    value = String(decl.Default)
  }
  if (value === undefined) {
    const why = type.startsWith('AWS::SSM::')
      ? `its value is read from SSM (${String(decl.Default)})`
      : 'it has no Default'
    ctx.problems.add(path, `Ref ${name}: parameter ${name} is not given and ${why}; pass ${flag(name)}`)
    return UNRESOLVED
  }
  const allowed = decl.AllowedValues
  if (Array.isArray(allowed) && !allowed.map(String).includes(value)) {
    ctx.problems.add(
      path,
      `Ref ${name}: ${JSON.stringify(value)} is not one of its AllowedValues (${allowed.join(', ')})`,
    )
    return UNRESOLVED
  }
  return isList(type) ? value.split(',').map((s) => s.trim()) : value
}

/**
 * Resource types whose Ref and attributes follow from their own properties when the template names them (a role
 * with a RoleName); without the name they exist only once the stack does.
 */
const KNOWN: Record<string, { name: string; atts: Record<string, string> }> = {
  'AWS::IAM::Role': {
    name: 'RoleName',
    atts: { Arn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role${Path}${Name}' },
  },
  'AWS::Logs::LogGroup': {
    name: 'LogGroupName',
    atts: { Arn: 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Name}:*' },
  },
  'AWS::ECR::Repository': {
    name: 'RepositoryName',
    atts: {
      Arn: 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${Name}',
      RepositoryUri: '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Name}',
    },
  },
  'AWS::S3::Bucket': { name: 'BucketName', atts: { Arn: 'arn:${AWS::Partition}:s3:::${Name}' } },
  'AWS::SSM::Parameter': { name: 'Name', atts: {} },
}

/** The resource's own name (RoleName, ...) resolved, or undefined when the template leaves it to CloudFormation. */
function resourceName(id: string, type: string, props: Record<string, unknown>, ctx: ResolveContext): Resolved {
  const known = KNOWN[type]
  if (!known || props[known.name] === undefined) return undefined
  if (ctx.resolving.has(id)) return UNRESOLVED // a cycle: CloudFormation refuses it, the other end reports it
  ctx.resolving.add(id)
  try {
    return ctx.resolve(props[known.name], childPath(`Resources.${id}.Properties`, known.name))
  } finally {
    ctx.resolving.delete(id)
  }
}

function resource(id: string, ctx: ResolveContext): { type: string; props: Record<string, unknown> } | undefined {
  const r = ctx.template.Resources[id]
  if (!isRecord(r)) return undefined
  return { type: String(r.Type), props: isRecord(r.Properties) ? r.Properties : {} }
}

export function resolveRef(name: string, path: string, ctx: ResolveContext): Resolved {
  if (name.startsWith('AWS::')) return pseudo(name, path, ctx)
  const decl = ctx.template.Parameters[name]
  if (isRecord(decl)) return parameter(name, decl, path, ctx)
  const res = resource(name, ctx)
  if (!res) {
    ctx.problems.add(path, `Ref ${name}: the template has no parameter or resource ${name}`)
    return UNRESOLVED
  }
  const v = given(ctx, name) ?? resourceName(name, res.type, res.props, ctx)
  if (v !== undefined) return v
  ctx.problems.add(path, `Ref ${name} (${res.type}): known only once the stack exists; pass ${flag(name)}`)
  return UNRESOLVED
}

export function resolveGetAtt(id: string, attribute: string, path: string, ctx: ResolveContext): Resolved {
  const res = resource(id, ctx)
  if (!res) {
    ctx.problems.add(path, `Fn::GetAtt ${id}.${attribute}: the template has no resource ${id}`)
    return UNRESOLVED
  }
  const v = given(ctx, `${id}.${attribute}`)
  if (v !== undefined) return v
  const template = KNOWN[res.type]?.atts[attribute]
  const name = template ? resourceName(id, res.type, res.props, ctx) : undefined
  if (isUnresolved(name)) return UNRESOLVED
  if (template && name !== undefined) {
    const rolePath = res.props.Path === undefined ? '/' : ctx.resolve(res.props.Path, `Resources.${id}.Properties.Path`)
    if (isUnresolved(rolePath)) return UNRESOLVED
    return ctx.resolve({ 'Fn::Sub': [template, { Name: name, Path: rolePath }] }, path)
  }
  const without = template ? ` without ${KNOWN[res.type]?.name}` : ''
  ctx.problems.add(
    path,
    `Fn::GetAtt ${id}.${attribute} (${res.type}${without}): known only once the stack exists; pass ${flag(`${id}.${attribute}`)}`,
  )
  return UNRESOLVED
}
