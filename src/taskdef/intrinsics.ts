import { evaluateCondition } from './conditions.js'
import { childPath, Problems } from './problems.js'
import { resolveGetAtt, resolveRef } from './references.js'
import {
  flag,
  given,
  isUnresolved,
  NO_VALUE,
  UNRESOLVED,
  type ResolveContext,
  type Resolved,
  type Template,
} from './intrinsicContext.js'
import { isRecord } from './types.js'

/** `path` names the node in messages; `at` (path + the function's name) is where its arguments sit. */
type Fn = (arg: unknown, path: string, ctx: ResolveContext, at: string) => Resolved

const scalarString = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined

/** Resolves `value` and requires a string; a problem at `path` otherwise. */
function str(value: unknown, path: string, ctx: ResolveContext, what: string): string | typeof UNRESOLVED {
  const v = ctx.resolve(value, path)
  if (isUnresolved(v)) return UNRESOLVED
  const s = scalarString(v)
  if (s !== undefined) return s
  ctx.problems.add(path, `${what} must be a string, got ${JSON.stringify(v)}`)
  return UNRESOLVED
}

function list(value: unknown, path: string, ctx: ResolveContext, what: string): unknown[] | typeof UNRESOLVED {
  const v = ctx.resolve(value, path)
  if (isUnresolved(v)) return UNRESOLVED
  if (Array.isArray(v)) return v
  ctx.problems.add(path, `${what} must be a list, got ${JSON.stringify(v)}`)
  return UNRESOLVED
}

/** The argument list of a function, checked for its length; the problem names the expected form. */
function args(arg: unknown, path: string, ctx: ResolveContext, form: string, min: number, max = min): unknown[] {
  if (Array.isArray(arg) && arg.length >= min && arg.length <= max) return arg
  ctx.problems.add(path, `expected ${form}`)
  return []
}

const join: Fn = (arg, path, ctx, at) => {
  const a = args(arg, path, ctx, 'Fn::Join: [delimiter, [values]]', 2)
  if (a.length === 0) return UNRESOLVED
  const delimiter = str(a[0], childPath(at, 0), ctx, 'the delimiter')
  const items = list(a[1], childPath(at, 1), ctx, 'the values')
  if (isUnresolved(delimiter) || isUnresolved(items)) return UNRESOLVED
  const parts = items.map(scalarString)
  if (parts.some((p) => p === undefined)) {
    ctx.problems.add(childPath(at, 1), 'Fn::Join joins strings only')
    return UNRESOLVED
  }
  return parts.join(delimiter)
}

const select: Fn = (arg, path, ctx, at) => {
  const a = args(arg, path, ctx, 'Fn::Select: [index, [values]]', 2)
  if (a.length === 0) return UNRESOLVED
  const index = str(a[0], childPath(at, 0), ctx, 'the index')
  const items = list(a[1], childPath(at, 1), ctx, 'the values')
  if (isUnresolved(index) || isUnresolved(items)) return UNRESOLVED
  const i = Number(index)
  if (!Number.isInteger(i) || i < 0 || i >= items.length) {
    ctx.problems.add(path, `Fn::Select index ${index} is outside the list's ${items.length} values`)
    return UNRESOLVED
  }
  return items[i]
}

const split: Fn = (arg, path, ctx, at) => {
  const a = args(arg, path, ctx, 'Fn::Split: [delimiter, string]', 2)
  if (a.length === 0) return UNRESOLVED
  const delimiter = str(a[0], childPath(at, 0), ctx, 'the delimiter')
  const source = str(a[1], childPath(at, 1), ctx, 'the source')
  if (isUnresolved(delimiter) || isUnresolved(source)) return UNRESOLVED
  if (delimiter === '') {
    ctx.problems.add(childPath(at, 0), 'the delimiter cannot be empty')
    return UNRESOLVED
  }
  return source.split(delimiter)
}

const findInMap: Fn = (arg, path, ctx, at) => {
  const a = args(arg, path, ctx, 'Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey]', 3, 4)
  if (a.length === 0) return UNRESOLVED
  const keys = a.slice(0, 3).map((k, i) => str(k, childPath(at, i), ctx, 'a key'))
  if (keys.some(isUnresolved)) return UNRESOLVED
  const [map, top, second] = keys as string[]
  const level1 = ctx.template.Mappings[map!]
  const level2 = isRecord(level1) ? level1[top!] : undefined
  const value = isRecord(level2) ? level2[second!] : undefined
  if (value !== undefined) return value
  const fallback = isRecord(a[3]) ? a[3].DefaultValue : undefined
  if (fallback !== undefined) return ctx.resolve(fallback, childPath(childPath(at, 3), 'DefaultValue'))
  ctx.problems.add(path, `Mappings has no ${[map, top, second].join('.')}`)
  return UNRESOLVED
}

const fnIf: Fn = (arg, path, ctx, at) => {
  const a = args(arg, path, ctx, 'Fn::If: [ConditionName, valueIfTrue, valueIfFalse]', 3)
  if (a.length === 0) return UNRESOLVED
  if (typeof a[0] !== 'string') {
    ctx.problems.add(childPath(at, 0), 'Fn::If takes the name of a condition')
    return UNRESOLVED
  }
  const outcome = evaluateCondition(a[0], childPath(at, 0), ctx)
  if (isUnresolved(outcome)) {
    ctx.problems.add(path, `Fn::If ${a[0]}: the condition cannot be evaluated (see Conditions.${a[0]})`)
    return UNRESOLVED
  }
  return outcome ? ctx.resolve(a[1], childPath(at, 1)) : ctx.resolve(a[2], childPath(at, 2))
}

/** `${Name}`, `${Resource.Attribute}` and `${!Literal}`, with the variables of the list form taking precedence. */
const sub: Fn = (arg, path, ctx, at) => {
  const [template, vars] =
    typeof arg === 'string' ? [arg, {}] : args(arg, path, ctx, 'Fn::Sub: string or [string, {vars}]', 2)
  if (typeof template !== 'string' || !isRecord(vars)) {
    if (template !== undefined) ctx.problems.add(path, 'Fn::Sub takes a string, or [string, {variables}]')
    return UNRESOLVED
  }
  let unresolved = false
  const text = template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`
    const name = inner.trim()
    let v: Resolved
    if (name in vars) v = ctx.resolve(vars[name], childPath(childPath(at, 1), name))
    else if (name.includes('.') && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.')
      v = resolveGetAtt(name.slice(0, dot), name.slice(dot + 1), path, ctx)
    } else v = resolveRef(name, path, ctx)
    const s = isUnresolved(v) ? undefined : scalarString(v)
    if (s === undefined) {
      if (!isUnresolved(v)) ctx.problems.add(path, `Fn::Sub ${whole}: a list or object cannot be substituted`)
      unresolved = true
      return whole
    }
    return s
  })
  return unresolved ? UNRESOLVED : text
}

const getAtt: Fn = (arg, path, ctx, at) => {
  const parts = typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : arg
  const a = args(parts, path, ctx, 'Fn::GetAtt: [LogicalId, Attribute] or "LogicalId.Attribute"', 2)
  if (a.length === 0 || typeof a[0] !== 'string' || a[0] === '') return UNRESOLVED
  const attribute = str(a[1], childPath(at, 1), ctx, 'the attribute')
  return isUnresolved(attribute) ? UNRESOLVED : resolveGetAtt(a[0], attribute, path, ctx)
}

const importValue: Fn = (arg, path, ctx, at) => {
  const name = str(arg, at, ctx, 'the export name')
  if (isUnresolved(name)) return UNRESOLVED
  const v = given(ctx, `Fn::ImportValue:${name}`)
  if (v !== undefined) return v
  ctx.problems.add(
    path,
    `Fn::ImportValue ${name}: other stacks' exports are not read locally; pass ${flag(`Fn::ImportValue:${name}`)}`,
  )
  return UNRESOLVED
}

const base64: Fn = (arg, path, ctx, at) => {
  const s = str(arg, at, ctx, 'Fn::Base64 value')
  return isUnresolved(s) ? UNRESOLVED : Buffer.from(s, 'utf8').toString('base64')
}

const length: Fn = (arg, path, ctx, at) => {
  const items = list(arg, at, ctx, 'Fn::Length value')
  return isUnresolved(items) ? UNRESOLVED : items.length
}

const toJsonString: Fn = (arg, _path, ctx, at) => {
  const v = ctx.resolve(arg, at)
  return isUnresolved(v) ? UNRESOLVED : JSON.stringify(v)
}

const unsupported =
  (why: string): Fn =>
  (_arg, path, ctx) => {
    ctx.problems.add(path, why)
    return UNRESOLVED
  }
const conditionOnly = unsupported('condition functions belong in Conditions; use Fn::If here')

const FUNCTIONS: Record<string, Fn> = {
  Ref: (arg, path, ctx, at) =>
    typeof arg === 'string' ? resolveRef(arg, path, ctx) : unsupported('Ref takes a name')(arg, path, ctx, at),
  'Fn::Base64': base64,
  'Fn::FindInMap': findInMap,
  'Fn::GetAtt': getAtt,
  'Fn::If': fnIf,
  'Fn::ImportValue': importValue,
  'Fn::Join': join,
  'Fn::Length': length,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::Sub': sub,
  'Fn::ToJsonString': toJsonString,
  'Fn::GetAZs': unsupported("Fn::GetAZs needs the account's Availability Zones, not known locally"),
  'Fn::Cidr': unsupported('Fn::Cidr is not resolved locally; write the CIDR blocks out'),
  'Fn::Transform': unsupported('Fn::Transform runs a CloudFormation macro, which cannot run locally'),
  'Fn::Equals': conditionOnly,
  'Fn::Not': conditionOnly,
  'Fn::And': conditionOnly,
  'Fn::Or': conditionOnly,
}

/** The one key of an intrinsic function object ({"Ref": x}, {"Fn::Join": [...]}), else undefined. */
function intrinsicName(v: Record<string, unknown>): string | undefined {
  const keys = Object.keys(v)
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')) ? keys[0] : undefined
}

/**
 * `{{resolve:ssm:/name}}` and the like are read by CloudFormation at deploy time; locally their values come from
 * --parameter, keyed by the whole reference.
 */
function dynamicReferences(s: string, path: string, ctx: ResolveContext): string | typeof UNRESOLVED {
  let unresolved = false
  const out = s.replace(/\{\{resolve:[^}]*\}\}/g, (ref) => {
    const v = given(ctx, ref)
    if (v === undefined) {
      ctx.problems.add(path, `${ref}: dynamic references are not resolved locally; pass ${flag(ref)}`)
      unresolved = true
    }
    return v ?? ref
  })
  return unresolved ? UNRESOLVED : out
}

function resolveValue(value: unknown, path: string, ctx: ResolveContext): Resolved {
  if (typeof value === 'string') return dynamicReferences(value, path, ctx)
  if (Array.isArray(value)) {
    const out = value.map((v, i) => resolveValue(v, childPath(path, i), ctx)).filter((v) => v !== NO_VALUE)
    return out.some(isUnresolved) ? UNRESOLVED : out
  }
  if (!isRecord(value)) return value
  const fn = intrinsicName(value)
  if (fn) {
    const impl = FUNCTIONS[fn]
    const at = childPath(path, fn)
    if (!impl) ctx.problems.add(path, `${fn} is not an intrinsic function ecs-local knows`)
    const r = impl ? impl(value[fn], path, ctx, at) : UNRESOLVED
    return typeof r === 'string' ? dynamicReferences(r, path, ctx) : r
  }
  const out: Record<string, unknown> = {}
  let unresolved = false
  for (const [k, v] of Object.entries(value)) {
    const r = resolveValue(v, childPath(path, k), ctx)
    if (r === NO_VALUE) continue
    if (isUnresolved(r)) unresolved = true
    out[k] = r
  }
  return unresolved ? UNRESOLVED : out
}

export interface Resolver {
  /** Resolves every intrinsic in `value`; undefined when some could not be (see `problems`). */
  resolve(value: unknown, path: string): unknown
  /** Evaluates a named condition (a resource's Condition); undefined when it cannot be. */
  condition(name: string, path: string): boolean | undefined
  problems: Problems
  used: ReadonlySet<string>
}

export function createResolver(
  template: Template,
  values: Readonly<Record<string, string>>,
  region?: string,
): Resolver {
  const ctx: ResolveContext = {
    template,
    values,
    region,
    problems: new Problems(),
    used: new Set(),
    conditions: new Map(),
    resolving: new Set(),
    resolve: (v, p) => resolveValue(v, p, ctx),
  }
  const defined = <T>(v: T | typeof UNRESOLVED): T | undefined => (isUnresolved(v) ? undefined : v)
  return {
    resolve: (v, p) => {
      const r = resolveValue(v, p, ctx)
      return r === NO_VALUE ? undefined : defined(r)
    },
    condition: (name, p) => defined(evaluateCondition(name, p, ctx)),
    problems: ctx.problems,
    used: ctx.used,
  }
}
