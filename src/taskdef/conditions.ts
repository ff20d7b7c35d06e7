import { childPath } from './problems.js'
import { isUnresolved, UNRESOLVED, type ResolveContext } from './intrinsicContext.js'
import { isRecord } from './types.js'

type Outcome = boolean | typeof UNRESOLVED

/** A template condition by name, evaluated once (CloudFormation evaluates each at most once per stack too). */
export function evaluateCondition(name: string, path: string, ctx: ResolveContext): Outcome {
  const known = ctx.conditions.get(name)
  if (known === 'evaluating') {
    ctx.problems.add(path, `Condition ${name} refers to itself`)
    return UNRESOLVED
  }
  if (known !== undefined) return known
  if (!(name in ctx.template.Conditions)) {
    ctx.problems.add(path, `the template has no condition ${name}`)
    return UNRESOLVED
  }
  ctx.conditions.set(name, 'evaluating')
  const outcome = conditionValue(ctx.template.Conditions[name], childPath('Conditions', name), ctx)
  ctx.conditions.set(name, outcome)
  return outcome
}

/** A scalar as CloudFormation compares it in Fn::Equals: by its string form. */
const comparable = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

function conditionValue(expr: unknown, path: string, ctx: ResolveContext): Outcome {
  const [fn, arg] = isRecord(expr) && Object.keys(expr).length === 1 ? Object.entries(expr)[0]! : []
  const at = fn ? childPath(path, fn) : path
  const args = Array.isArray(arg) ? arg : []
  if (fn === 'Condition' && typeof arg === 'string') return evaluateCondition(arg, at, ctx)
  if (fn === 'Fn::Equals' && args.length === 2) {
    const [a, b] = args.map((v, i) => ctx.resolve(v, childPath(at, i)))
    return isUnresolved(a) || isUnresolved(b) ? UNRESOLVED : comparable(a) === comparable(b)
  }
  if (fn === 'Fn::Not' && args.length === 1) {
    const v = conditionValue(args[0], childPath(at, 0), ctx)
    return isUnresolved(v) ? UNRESOLVED : !v
  }
  if ((fn === 'Fn::And' || fn === 'Fn::Or') && args.length >= 2) {
    const vs = args.map((c, i) => conditionValue(c, childPath(at, i), ctx))
    if (vs.some(isUnresolved)) return UNRESOLVED
    return fn === 'Fn::And' ? vs.every(Boolean) : vs.some(Boolean)
  }
  ctx.problems.add(
    at,
    'a condition is Fn::Equals [a, b], Fn::Not [c], Fn::And [c, c, ...], Fn::Or [c, c, ...] or {"Condition": name}',
  )
  return UNRESOLVED
}
