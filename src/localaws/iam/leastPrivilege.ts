import { ERRORS } from '../../errors.js'
import { assumedRoleArn, parseRoleArn } from '../principal.js'
import type { CallRecord, LeastPrivilege, PermissionCheck } from '../types.js'
import { statementSids } from './statementSid.js'

/**
 * `*`, `?` and `${` are wildcards and variables in a 2012-10-17 Resource; IAM's escapes keep a name that holds
 * them exact (an S3 key may contain any of them).
 */
export function exactResource(resource: string): string {
  if (resource === '*') return resource
  return resource.replace(/\$(?=\{)/g, () => '${$}').replace(/[*?]/g, (c) => `\${${c}}`)
}

const oneOrList = (values: string[]): string | string[] => (values.length === 1 ? (values[0] as string) : values)

/** The permissions a call needed: what IAM checked for it, except what an explicit Deny refused. */
function needed(call: CallRecord): PermissionCheck[] {
  const checks = call.checks ?? (call.decision ? [call.decision] : [])
  return checks.filter((c) => c.result !== 'explicitDeny')
}

/**
 * The identity policy that allows exactly what the sessions of `roleArn` were checked for in `calls`, allowed or
 * implicitly denied: every action on exactly the resources it was called on, no wildcard, no condition. One
 * statement per distinct set of resources, holding the actions called on exactly that set; actions IAM
 * authorises on `*` share one statement. Calls that needed no permission (GetCallerIdentity) or never got past
 * authentication carry no decision and count for nothing. Pure: the same calls give the same document.
 */
export function leastPrivilege(calls: readonly CallRecord[], roleArn: string): LeastPrivilege {
  const role = parseRoleArn(roleArn)
  if (!role)
    throw new ERRORS.ECSL_ERR_CONFIG(`${roleArn} is not a role ARN (arn:<partition>:iam::<account>:role/<name>)`)
  // Sessions drop the role's path, as STS names them: arn:<p>:sts::<acct>:assumed-role/<name>/<session>.
  const prefix = assumedRoleArn(role, '')
  const ofRole = (arn: string) => arn.startsWith(prefix) && /^[^/]+$/.test(arn.slice(prefix.length))

  const resourcesOf = new Map<string, Set<string>>()
  const summary: LeastPrivilege = { roleArn, calls: 0, denied: 0, explicitlyDenied: 0 }
  for (const call of calls) {
    if (!call.decision || !ofRole(call.callerArn)) continue
    if ((call.checks ?? [call.decision]).some((c) => c.result === 'explicitDeny')) summary.explicitlyDenied++
    const checks = needed(call)
    if (checks.length === 0) continue
    summary.calls++
    if (call.decision.result === 'implicitDeny') summary.denied++
    if (!summary.from || call.time < summary.from) summary.from = call.time
    if (!summary.to || call.time > summary.to) summary.to = call.time
    for (const { action, resources } of checks) {
      const set = resourcesOf.get(action) ?? new Set()
      for (const r of resources) set.add(r)
      resourcesOf.set(action, set)
    }
  }
  if (summary.calls === 0) return summary

  // Actions called on exactly the same resources share a statement; one on `*` needs nothing narrower.
  const groups = new Map<string, { actions: string[]; resources: string[] }>()
  for (const [action, set] of resourcesOf) {
    const resources = set.has('*') ? ['*'] : [...set].sort()
    const key = resources.join('\n')
    const group = groups.get(key) ?? { actions: [], resources }
    group.actions.push(action)
    groups.set(key, group)
  }
  const ordered = [...groups.values()]
    .map((g) => ({ actions: g.actions.sort(), resources: g.resources }))
    .sort((a, b) => compare(a.actions.join('\n'), b.actions.join('\n')))
  const sids = statementSids(ordered.map((g) => g.actions))
  summary.policy = {
    Version: '2012-10-17',
    Statement: ordered.map((g, i) => ({
      Sid: sids[i] as string,
      Effect: 'Allow',
      Action: oneOrList(g.actions),
      Resource: oneOrList(g.resources.map(exactResource)),
    })),
  }
  return summary
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
