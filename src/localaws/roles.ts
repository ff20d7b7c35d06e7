import { ERRORS } from '../errors.js'
import type { Partition } from './arn.js'
import { allowListPolicy, type Policy } from './iam/policy.js'
import { stableId } from './ids.js'
import { seedPolicy, type ManagedPolicies } from './managedPolicies.js'
import { parseRoleArn, type RoleArn } from './principal.js'
import type { LocalAwsRole } from './types.js'

export interface Role {
  arn: string
  name: string
  partition: Partition
  accountId: string
  /** AROA..., the first half of an assumed-role session's UserId; the same across restarts. */
  roleId: string
  /** Identity-based: the `allow` list and the `policies` documents, evaluated together. */
  policies: readonly Policy[]
  /** Resource-based: who may assume it. */
  trust: Policy
}

const ROLE_SHAPE = 'arn:<aws|aws-cn|aws-us-gov>:iam::<12 digits>:role/[<path>/]<name>'

/**
 * A role nobody declared trusts its own account and the daemon's user, as a role an administrator creates in
 * each account for the tasks it runs would: so task definitions of any account run with no seed at all.
 */
function defaultTrust(role: RoleArn, baseUser: string): Policy {
  const aws = [`arn:${role.partition}:iam::${role.accountId}:root`, baseUser]
  const statement = { index: 0, sid: 'DefaultTrust', effect: 'Allow' as const, action: ['sts:AssumeRole'] }
  return { name: 'trust', statements: [{ ...statement, principal: { any: false, aws }, conditions: [] }] }
}

/** The old list form: principals that may assume the role, as a trust policy's Principal.AWS names them. */
function trustList(list: readonly string[], where: string): Policy {
  for (const [i, p] of list.entries()) {
    if (p !== '*' && !/^\d{12}$/.test(p) && !p.startsWith('arn:'))
      throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}[${i}]: ${p} must be "*", a 12-digit account id or an ARN`)
  }
  const statement = { index: 0, effect: 'Allow' as const, action: ['sts:AssumeRole'], conditions: [] }
  return { name: 'trust', statements: list.length ? [{ ...statement, principal: { any: false, aws: list } }] : [] }
}

/** Roles of every account: those declared in the seed, and any other role ARN on first use. */
export class RoleStore {
  readonly #roles = new Map<string, Role>()

  constructor(
    /** The daemon's user, which every undeclared role trusts. */
    readonly baseUser: string,
    seed: readonly LocalAwsRole[],
    readonly managed: ManagedPolicies,
  ) {
    for (const [i, r] of seed.entries()) {
      const where = `roles[${i}]`
      const parsed = parseRoleArn(r.arn)
      if (!parsed) throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}.arn: ${r.arn} must look like ${ROLE_SHAPE}`)
      if (this.#roles.has(r.arn)) throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}.arn: ${r.arn} is declared twice`)
      this.#roles.set(r.arn, this.#create(r.arn, parsed, this.#identity(r, where), this.#trust(r, parsed, where)))
    }
  }

  /** The role, created on first use (allow everything, default trust) when undeclared; undefined for a non-role. */
  resolve(arn: string): Role | undefined {
    const known = this.#roles.get(arn)
    if (known) return known
    const parsed = parseRoleArn(arn)
    if (!parsed) return undefined
    const role = this.#create(arn, parsed, [allowListPolicy(['*'])], defaultTrust(parsed, this.baseUser))
    this.#roles.set(arn, role)
    return role
  }

  #identity(r: LocalAwsRole, where: string): Policy[] {
    // With neither form the role may do everything, as before policies existed.
    if (r.allow === undefined && r.policies === undefined) return [allowListPolicy(['*'])]
    const policies = r.allow === undefined ? [] : [allowListPolicy(r.allow)]
    for (const [j, p] of (r.policies ?? []).entries()) {
      const at = `${where}.policies[${j}]`
      if (typeof p !== 'string') {
        policies.push(seedPolicy(p, at, `policies[${j}]`, 'identity'))
        continue
      }
      const managed = this.managed.get(p)
      if (!managed)
        throw new ERRORS.ECSL_ERR_CONFIG(`seed ${at}: no managed policy ${p}; declare it under managedPolicies`)
      policies.push(managed)
    }
    return policies
  }

  #trust(r: LocalAwsRole, role: RoleArn, where: string): Policy {
    if (r.trust === undefined) return defaultTrust(role, this.baseUser)
    if (Array.isArray(r.trust)) return trustList(r.trust, `${where}.trust`)
    return seedPolicy(r.trust, `${where}.trust`, 'trust', 'resource')
  }

  #create(arn: string, parsed: RoleArn, policies: Policy[], trust: Policy): Role {
    return { arn, ...parsed, roleId: stableId('AROA', 17, `role ${arn}`), policies, trust }
  }
}
