import { ERRORS } from '../errors.js'
import { randomId } from './ids.js'
import { parseRoleArn, type Principal } from './principal.js'
import type { LocalAwsRole } from './types.js'

export interface Role {
  arn: string
  name: string
  /** AROA..., the first half of an assumed-role session's UserId. */
  roleId: string
  allow: string[]
  /** Principal ARNs it trusts; undefined trusts every principal of the account. */
  trust: string[] | undefined
}

/** The account's roles: those declared in the seed, plus any other role ARN of the account on first use. */
export class RoleStore {
  readonly #roles = new Map<string, Role>()

  constructor(
    readonly accountId: string,
    seed: readonly LocalAwsRole[] = [],
  ) {
    for (const r of seed) {
      const parsed = parseRoleArn(r.arn)
      if (!parsed || parsed.accountId !== accountId) {
        throw new ERRORS.ECSL_ERR_CONFIG(`seed role ${r.arn} must look like arn:aws:iam::${accountId}:role/<name>`)
      }
      this.#roles.set(r.arn, this.#create(r.arn, parsed.name, r.allow ?? ['*'], r.trust))
    }
  }

  /**
   * The role, auto-created (allow everything, trust the account) when undeclared so demos work with any role
   * name; undefined for roles of other accounts, which the local AWS cannot vouch for.
   */
  resolve(arn: string): Role | undefined {
    const known = this.#roles.get(arn)
    if (known) return known
    const parsed = parseRoleArn(arn)
    if (!parsed || parsed.accountId !== this.accountId) return undefined
    const role = this.#create(arn, parsed.name, ['*'], undefined)
    this.#roles.set(arn, role)
    return role
  }

  /** Trust entries match the caller's ARN, a role's ARN for all its sessions, the account, or '*'. */
  trusts(role: Role, caller: Principal): boolean {
    if (role.trust === undefined) return caller.accountId === this.accountId
    const accountRoot = `arn:aws:iam::${caller.accountId}:root`
    return role.trust.some(
      (p) => p === '*' || p === caller.arn || p === caller.roleArn || p === accountRoot || p === caller.accountId,
    )
  }

  #create(arn: string, name: string, allow: string[], trust: string[] | undefined): Role {
    return { arn, name, roleId: randomId('AROA', 17), allow: [...allow], trust: trust && [...trust] }
  }
}
