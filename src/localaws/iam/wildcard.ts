import { VARIABLE, variableValue, type Lookup } from './variables.js'

/**
 * IAM's two wildcards: `*` matches any run of characters (`:` and `/` included), `?` exactly one; everything
 * else is literal. Actions compare case-insensitively, resources and condition values case-sensitively.
 */
const compiled = new Map<string, RegExp>()
/** Policies are few and long-lived; the bound only guards against unbounded condition values. */
const MAX_CACHED = 10_000

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const wild = (s: string) => escape(s).replace(/\\\*/g, '.*').replace(/\\\?/g, '.')

function cached(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`
  const hit = compiled.get(cacheKey)
  if (hit) return hit
  const re = new RegExp(`^${wild(pattern)}$`, ignoreCase ? 'is' : 's')
  if (compiled.size >= MAX_CACHED) compiled.clear()
  compiled.set(cacheKey, re)
  return re
}

/**
 * With `lookup`, policy variables are replaced by the request's values, which match literally (a `*` in a user
 * name is a star, not a wildcard); undefined when a variable has no value, so the pattern matches nothing.
 */
export function wildcardRegExp(pattern: string, ignoreCase = false, lookup?: Lookup): RegExp | undefined {
  if (!lookup || !pattern.includes('${')) return cached(pattern, ignoreCase)
  let body = ''
  let at = 0
  for (const m of pattern.matchAll(VARIABLE)) {
    const value = variableValue(m[1] ?? '', m[2], lookup)
    if (value === undefined) return undefined
    body += wild(pattern.slice(at, m.index)) + escape(value)
    at = m.index + m[0].length
  }
  return new RegExp(`^${body}${wild(pattern.slice(at))}$`, ignoreCase ? 'is' : 's')
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false, lookup?: Lookup): boolean {
  return wildcardRegExp(pattern, ignoreCase, lookup)?.test(value) ?? false
}

/** `logs:Get*` against `logs:GetLogEvents`: service prefix and action name are case-insensitive in IAM. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true)
}
