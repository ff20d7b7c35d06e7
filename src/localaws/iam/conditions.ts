import { BlockList, isIPv4, isIPv6 } from 'node:net'
import { unmapIPv4 } from '../../lib/address.js'
import { substitute, type Lookup } from './variables.js'
import { wildcardMatch } from './wildcard.js'

/**
 * The request context: condition key names lower-cased (IAM compares them case-insensitively), each with its
 * values. A single-valued key holds one value; a missing key is absent, which is not the same as an empty set.
 */
export type ContextKeys = ReadonlyMap<string, readonly string[]>

/** `lookup` resolves policy variables in the policy's value (2012-10-17 documents only). */
type Compare = (requestValue: string, policyValue: string, lookup?: Lookup) => boolean

/** String and ARN operators take policy variables; a variable without a value matches nothing. */
function withVariables(compare: (r: string, p: string) => boolean): Compare {
  return (r, p, lookup) => {
    const value = lookup ? substitute(p, lookup) : p
    return value !== undefined && compare(r, value)
  }
}

/** Numbers as IAM reads them: an optional sign, digits, an optional fraction. Anything else never matches. */
function number(s: string): number | undefined {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s.trim()) ? Number(s) : undefined
}

/** Dates in ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`) or as epoch seconds, as IAM accepts them. */
function date(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? undefined : ms
}

function numeric(test: (a: number, b: number) => boolean): Compare {
  return (r, p) => {
    const a = number(r)
    const b = number(p)
    return a !== undefined && b !== undefined && test(a, b)
  }
}

function dated(test: (a: number, b: number) => boolean): Compare {
  return (r, p) => {
    const a = date(r)
    const b = date(p)
    return a !== undefined && b !== undefined && test(a, b)
  }
}

/** An ARN's six parts: the resource part keeps its own colons. */
function arnParts(s: string): string[] | undefined {
  const parts = s.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  return [...parts.slice(0, 5), parts.slice(5).join(':')]
}

/** ArnLike (and ArnEquals, which IAM treats alike): part by part, wildcards within a part, case-sensitive. */
function arnLike(requestValue: string, pattern: string): boolean {
  const value = arnParts(requestValue)
  const want = arnParts(pattern)
  if (!value || !want) return false
  return want.every((p, i) => wildcardMatch(p, value[i] ?? ''))
}

/** A CIDR block or a single address; an IPv4-mapped IPv6 caller (`::ffff:a.b.c.d`) is compared as IPv4. */
function ipInRange(requestValue: string, range: string): boolean {
  const address = unmapIPv4(requestValue)
  const [net = '', bits] = range.split('/')
  const type = isIPv4(net) ? 'ipv4' : isIPv6(net) ? 'ipv6' : undefined
  if (!type || !(isIPv4(address) || isIPv6(address))) return false
  const prefix = bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (type === 'ipv4' ? 32 : 128)) return false
  const list = new BlockList()
  list.addSubnet(net, prefix, type)
  return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6')
}

interface Operator {
  /** Does one request value match one policy value? For a negated operator: the positive test it negates. */
  match: Compare
  /** StringNotEquals & co: true when the value matches none of the policy's values (a NOR, not an OR). */
  negated: boolean
}

const positive = (match: Compare): Operator => ({ match, negated: false })
const negative = (match: Compare): Operator => ({ match, negated: true })

const stringEquals: Compare = withVariables((r, p) => r === p)
const ignoreCase: Compare = withVariables((r, p) => r.toLowerCase() === p.toLowerCase())
// Values from a variable match literally, so the pattern is compiled with the lookup, not substituted first.
const stringLike: Compare = (r, p, lookup) => wildcardMatch(p, r, false, lookup)
const arnMatch: Compare = withVariables(arnLike)

/** IAM's condition operators (the `...IfExists` and `ForAnyValue:` / `ForAllValues:` forms are parsed apart). */
const OPERATORS: Record<string, Operator> = {
  StringEquals: positive(stringEquals),
  StringNotEquals: negative(stringEquals),
  StringEqualsIgnoreCase: positive(ignoreCase),
  StringNotEqualsIgnoreCase: negative(ignoreCase),
  StringLike: positive(stringLike),
  StringNotLike: negative(stringLike),
  ArnEquals: positive(arnMatch),
  ArnLike: positive(arnMatch),
  ArnNotEquals: negative(arnMatch),
  ArnNotLike: negative(arnMatch),
  NumericEquals: positive(numeric((a, b) => a === b)),
  NumericNotEquals: negative(numeric((a, b) => a === b)),
  NumericLessThan: positive(numeric((a, b) => a < b)),
  NumericLessThanEquals: positive(numeric((a, b) => a <= b)),
  NumericGreaterThan: positive(numeric((a, b) => a > b)),
  NumericGreaterThanEquals: positive(numeric((a, b) => a >= b)),
  DateEquals: positive(dated((a, b) => a === b)),
  DateNotEquals: negative(dated((a, b) => a === b)),
  DateLessThan: positive(dated((a, b) => a < b)),
  DateLessThanEquals: positive(dated((a, b) => a <= b)),
  DateGreaterThan: positive(dated((a, b) => a > b)),
  DateGreaterThanEquals: positive(dated((a, b) => a >= b)),
  Bool: positive((r, p) => r.toLowerCase() === p.toLowerCase()),
  BinaryEquals: positive((r, p) => r === p),
  IpAddress: positive(ipInRange),
  NotIpAddress: negative(ipInRange),
}

export const OPERATOR_NAMES = [...Object.keys(OPERATORS), 'Null']

export interface ParsedOperator {
  /** The base operator, e.g. 'StringLike' for 'ForAnyValue:StringLikeIfExists'. */
  name: string
  set?: 'ForAnyValue' | 'ForAllValues'
  ifExists: boolean
}

/** Splits `ForAllValues:StringLikeIfExists`; undefined for an operator IAM does not have. */
export function parseOperator(raw: string): ParsedOperator | undefined {
  const m = /^(?:(ForAnyValue|ForAllValues):)?(\w+?)(IfExists)?$/.exec(raw)
  const name = m?.[2]
  if (!m || !name) return undefined
  const set = m[1] as ParsedOperator['set']
  const ifExists = m[3] !== undefined
  if (name === 'Null') return set || ifExists ? undefined : { name, ifExists: false }
  if (!Object.hasOwn(OPERATORS, name)) return undefined
  return { name, ifExists, ...(set && { set }) }
}

export interface ConditionTest {
  operator: ParsedOperator
  /** As written in the policy; looked up lower-cased. */
  key: string
  values: readonly string[]
}

/**
 * One operator-key pair of a Condition block, as IAM evaluates it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html and
 * reference_policies_condition-single-vs-multi-valued-context-keys.html):
 * - a missing key makes a positive operator false and a negated one true; `...IfExists` makes it true;
 * - several policy values are ORed, or NORed for a negated operator;
 * - `ForAllValues:` holds when every request value matches (so also for a missing key or an empty set),
 *   `ForAnyValue:` when at least one does (never for a missing key or an empty set).
 */
export function conditionHolds(test: ConditionTest, keys: ContextKeys, lookup?: Lookup): boolean {
  const { operator, values } = test
  const present = keys.get(test.key.toLowerCase())
  if (operator.name === 'Null') {
    // "true": the key must be absent; "false": present. An empty set counts as present.
    return values.some((v) => (v.toLowerCase() === 'true') === (present === undefined))
  }
  const op = OPERATORS[operator.name]
  if (!op) return false
  const one = (v: string) => {
    const any = values.some((p) => op.match(v, p, lookup))
    return op.negated ? !any : any
  }
  if (operator.set === 'ForAllValues') return present === undefined || present.every(one)
  if (operator.set === 'ForAnyValue') {
    if (present === undefined) return operator.ifExists
    return present.some(one)
  }
  if (present === undefined || present.length === 0) return operator.ifExists || op.negated
  return op.negated ? present.every(one) : present.some(one)
}
