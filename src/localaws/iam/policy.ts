import { OPERATOR_NAMES, parseOperator, type ConditionTest } from './conditions.js'

/** Principal / NotPrincipal: `"*"`, or AWS principals; Service, Federated and CanonicalUser never sign locally. */
export interface PrincipalSpec {
  any: boolean
  aws: readonly string[]
}

export interface Statement {
  sid?: string
  /** Position in the policy's Statement list, from 0: named in the call log when there is no Sid. */
  index: number
  effect: 'Allow' | 'Deny'
  action?: readonly string[]
  notAction?: readonly string[]
  /** Neither Resource nor NotResource (a trust policy): every resource. */
  resource?: readonly string[]
  notResource?: readonly string[]
  principal?: PrincipalSpec
  notPrincipal?: PrincipalSpec
  conditions: readonly ConditionTest[]
}

export interface Policy {
  /** How decisions name it: 'policies[0]', a managed policy's ARN, 'trust', 'allow'. */
  name: string
  /** Managed policies only: AWS names it in explicit-deny messages. */
  arn?: string
  /** Version 2012-10-17: `${aws:username}` and the like are policy variables (2008-10-17: literal text). */
  variables?: boolean
  statements: readonly Statement[]
}

/** Identity policies (on a role, or passed as a session policy) name no principal; trust policies must. */
export type PolicyKind = 'identity' | 'resource'

/** A document IAM would refuse (MalformedPolicyDocument); the message names the field. */
export class PolicyError extends Error {
  override name = 'PolicyError'
}

const VERSIONS = ['2012-10-17', '2008-10-17']
const DOCUMENT_KEYS = ['Version', 'Id', 'Statement']
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource'].concat([
  'NotResource',
  'Condition',
])
const ACTION = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]*)$/

type Fields = Record<string, unknown>

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** IAM takes one string or a list of them wherever a list is allowed. */
function strings(v: unknown, where: string, what: string): string[] {
  const list = Array.isArray(v) ? v : [v]
  if (list.length === 0 || !list.every((s) => typeof s === 'string' && s !== ''))
    throw new PolicyError(`${where} must be ${what}, or a non-empty list of them`)
  return list as string[]
}

function principalOf(v: unknown, where: string): PrincipalSpec {
  if (v === '*') return { any: true, aws: [] }
  if (!isObject(v) || Object.keys(v).length === 0)
    throw new PolicyError(`${where} must be "*" or {"AWS": ...} (or Service, Federated, CanonicalUser)`)
  const unknown = Object.keys(v).filter((k) => !['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(k))
  if (unknown.length) throw new PolicyError(`${where} has unknown principal type ${unknown.join(', ')}`)
  for (const k of Object.keys(v)) strings(v[k], `${where}.${k}`, 'a principal')
  const aws = v.AWS === undefined ? [] : strings(v.AWS, `${where}.AWS`, 'a principal')
  for (const p of aws) {
    if (p !== '*' && !/^\d{12}$/.test(p) && !p.startsWith('arn:'))
      throw new PolicyError(`${where}.AWS: ${p} must be "*", a 12-digit account id or an ARN`)
  }
  return { any: aws.includes('*'), aws }
}

function conditionsOf(v: unknown, where: string): ConditionTest[] {
  if (!isObject(v)) throw new PolicyError(`${where} must be an object of condition operators`)
  const tests: ConditionTest[] = []
  for (const [raw, block] of Object.entries(v)) {
    const operator = parseOperator(raw)
    if (!operator)
      throw new PolicyError(
        `${where}: unknown condition operator ${raw}; use one of ${OPERATOR_NAMES.join(', ')}, with an optional IfExists suffix and ForAnyValue: or ForAllValues: prefix`,
      )
    if (!isObject(block) || Object.keys(block).length === 0)
      throw new PolicyError(`${where}.${raw} must be an object of condition keys`)
    for (const [key, value] of Object.entries(block)) {
      const list = Array.isArray(value) ? value : [value]
      const ok = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean'
      if (list.length === 0 || !list.every(ok))
        throw new PolicyError(`${where}.${raw}.${key} must be a string, number or boolean, or a list of them`)
      tests.push({ operator, key, values: list.map(String) })
    }
  }
  return tests
}

function statementOf(s: unknown, index: number, where: string, kind: PolicyKind): Statement {
  if (!isObject(s)) throw new PolicyError(`${where} must be an object`)
  const unknown = Object.keys(s).filter((k) => !STATEMENT_KEYS.includes(k))
  if (unknown.length) throw new PolicyError(`${where} has unknown element ${unknown.join(', ')}`)
  if (s.Sid !== undefined && typeof s.Sid !== 'string') throw new PolicyError(`${where}.Sid must be a string`)
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyError(`${where}.Effect must be "Allow" or "Deny"`)
  const one = (a: string, b: string, required: boolean) => {
    if (s[a] !== undefined && s[b] !== undefined) throw new PolicyError(`${where} has both ${a} and ${b}`)
    if (required && s[a] === undefined && s[b] === undefined) throw new PolicyError(`${where} needs ${a} or ${b}`)
  }
  one('Action', 'NotAction', true)
  one('Resource', 'NotResource', kind === 'identity')
  one('Principal', 'NotPrincipal', kind === 'resource')
  if (kind === 'identity' && (s.Principal !== undefined || s.NotPrincipal !== undefined))
    throw new PolicyError(`${where}: an identity-based policy names no Principal (it applies to its own identity)`)
  const actions = (k: string) => {
    const list = strings(s[k], `${where}.${k}`, 'an action like "s3:GetObject"')
    const bad = list.find((a) => !ACTION.test(a))
    if (bad) throw new PolicyError(`${where}.${k}: ${bad} must look like "service:Action" (wildcards * and ?) or "*"`)
    return list
  }
  const resources = (k: string) => {
    const list = strings(s[k], `${where}.${k}`, 'an ARN or "*"')
    const bad = list.find((r) => r !== '*' && !r.startsWith('arn:'))
    if (bad) throw new PolicyError(`${where}.${k}: ${bad} must be an ARN (arn:...) or "*"`)
    return list
  }
  return {
    index,
    effect: s.Effect,
    conditions: s.Condition === undefined ? [] : conditionsOf(s.Condition, `${where}.Condition`),
    ...(typeof s.Sid === 'string' && s.Sid !== '' && { sid: s.Sid }),
    ...(s.Action !== undefined && { action: actions('Action') }),
    ...(s.NotAction !== undefined && { notAction: actions('NotAction') }),
    ...(s.Resource !== undefined && { resource: resources('Resource') }),
    ...(s.NotResource !== undefined && { notResource: resources('NotResource') }),
    ...(s.Principal !== undefined && { principal: principalOf(s.Principal, `${where}.Principal`) }),
    ...(s.NotPrincipal !== undefined && { notPrincipal: principalOf(s.NotPrincipal, `${where}.NotPrincipal`) }),
  }
}

/**
 * Reads a policy document in IAM's JSON grammar (https://docs.aws.amazon.com/IAM/latest/UserGuide/
 * reference_policies_grammar.html): Statement one object or a list; Action, Resource and condition values a
 * string or a list. Throws PolicyError naming the field, e.g. `Statement[1].Effect must be "Allow" or "Deny"`.
 */
export function parsePolicy(doc: unknown, name: string, kind: PolicyKind, arn?: string): Policy {
  if (!isObject(doc))
    throw new PolicyError('a policy document must be a JSON object {"Version": ..., "Statement": ...}')
  const unknown = Object.keys(doc).filter((k) => !DOCUMENT_KEYS.includes(k))
  if (unknown.length)
    throw new PolicyError(`unknown element ${unknown.join(', ')}; a policy has Version, Id, Statement`)
  if (doc.Version !== undefined && !VERSIONS.includes(String(doc.Version)))
    throw new PolicyError(
      `Version must be "2012-10-17" (or the older "2008-10-17"), not ${JSON.stringify(doc.Version)}`,
    )
  const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement]
  if (list.length === 0) throw new PolicyError('Statement must be a statement object or a non-empty list of them')
  const many = Array.isArray(doc.Statement)
  const statements = list.map((s, i) => statementOf(s, i, many ? `Statement[${i}]` : 'Statement', kind))
  const variables = doc.Version === '2012-10-17'
  return { name, statements, ...(variables && { variables }), ...(arn !== undefined && { arn }) }
}

/** The simple form of a role's permissions (`allow` in the seed): one Allow of those actions on every resource. */
export function allowListPolicy(actions: readonly string[]): Policy {
  const statement: Statement = { index: 0, effect: 'Allow', action: actions, resource: ['*'], conditions: [] }
  return { name: 'allow', statements: actions.length ? [statement] : [] }
}
