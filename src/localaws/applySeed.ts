import { readFileSync } from 'node:fs'
import { ERRORS } from '../errors.js'
import type { Accounts } from './accounts.js'
import { isPartition, parseArn, scopeOfArn, type Scope } from './arn.js'
import { parameterRef } from './ssm/store.js'
import type { LocalAwsData, LocalAwsSeed } from './types.js'

/** Runs one entry; a refusal (bad name, duplicate) becomes a configuration error naming the entry. */
function entry(where: string, run: () => void): void {
  try {
    run()
  } catch (e) {
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}: ${(e as Error).message}`, { cause: e })
  }
}

/** The account an entry's ARN names; inside accounts[i] it must be that account. */
function scopeOf(arn: string, service: string, within: Scope, fixed: boolean): Scope {
  const parsed = parseArn(arn)
  const scope = parsed?.service === service ? scopeOfArn(parsed) : undefined
  if (!scope) throw new Error(`${arn} is not a ${service} ARN of a 12-digit account in aws, aws-cn or aws-us-gov`)
  if (fixed && (scope.accountId !== within.accountId || scope.partition !== within.partition))
    throw new Error(`${arn} names another account than the one it is listed under`)
  return scope
}

/** The seed's top level is the daemon's account; accounts[] hold the others. */
function sections(
  seed: LocalAwsSeed,
  base: Scope,
): { where: string; scope: Scope; fixed: boolean; data: LocalAwsData }[] {
  const others = (seed.accounts ?? []).map((a, i) => {
    const where = `accounts[${i}]`
    if (!/^\d{12}$/.test(a.id)) throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}.id: ${a.id} must be 12 digits`)
    const partition = a.partition ?? 'aws'
    if (!isPartition(partition))
      throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}.partition: ${partition} must be one of aws, aws-cn, aws-us-gov`)
    return { where: `${where}.`, scope: { partition, accountId: a.id }, fixed: true, data: a }
  })
  return [{ where: '', scope: base, fixed: false, data: seed }, ...others]
}

/** A secret's ARN ends in '-' and 6 characters; without them it is a partial ARN and a suffix is minted. */
const SECRET_ARN = /^arn:[^:]+:secretsmanager:[^:]*:\d{12}:secret:(.+?)(-[A-Za-z0-9]{6})?$/

/** Creates what the seed declares, through the same stores the services use, so the same rules apply. */
export function applySeed(seed: LocalAwsSeed, accounts: Accounts, base: Scope, now = Date.now()): void {
  for (const { where, scope, fixed, data } of sections(seed, base)) {
    for (const [i, group] of (data.logGroups ?? []).entries()) {
      entry(`${where}logGroups[${i}] ${group}`, () => {
        if (!group.startsWith('arn:')) return void accounts.get(scope).logs.createGroup(group, now)
        const name = /:log-group:([^:]+)(?::\*)?$/.exec(group)?.[1]
        if (!name)
          throw new Error('a log group ARN looks like arn:<partition>:logs:<region>:<account>:log-group:<name>')
        accounts.get(scopeOf(group, 'logs', scope, fixed)).logs.createGroup(name, now)
      })
    }
    for (const [i, s] of (data.secrets ?? []).entries()) {
      const id = 'arn' in s ? s.arn : s.name
      entry(`${where}secrets[${i}] ${id}`, () => {
        if (!('arn' in s)) {
          const store = accounts.get(scope).secrets
          return void store.create(s.name, { string: s.value }, undefined, now, store.mintArn(s.name, true))
        }
        const m = SECRET_ARN.exec(s.arn)
        if (!m)
          throw new Error('a secret ARN looks like arn:<partition>:secretsmanager:<region>:<account>:secret:<name>')
        const store = accounts.get(scopeOf(s.arn, 'secretsmanager', scope, fixed)).secrets
        const name = m[1] ?? ''
        store.create(name, { string: s.value }, undefined, now, m[2] ? s.arn : store.mintArn(name, true))
      })
    }
    for (const [i, p] of (data.parameters ?? []).entries()) {
      const id = 'arn' in p ? p.arn : p.name
      entry(`${where}parameters[${i}] ${id}`, () => {
        const ref = parameterRef(id)
        if (ref.selector !== undefined) throw new Error('a seeded parameter takes no :version selector')
        const owner = ref.scope ? scopeOf(id, 'ssm', scope, fixed) : scope
        accounts.get(owner).parameters.put(ref.name, p.value, p.type ?? 'String', false, now)
      })
    }
    for (const [i, o] of (data.objects ?? []).entries()) {
      entry(`${where}objects[${i}] s3://${o.bucket}/${o.key}`, () => {
        if ((o.body === undefined) === (o.file === undefined)) throw new Error('give exactly one of body and file')
        const body = o.file === undefined ? Buffer.from(o.body ?? '') : readFileSync(o.file)
        const store = accounts.buckets
        if (!store.buckets.has(o.bucket)) store.createBucket(o.bucket, now)
        store.put(o.bucket, o.key, body, 'binary/octet-stream', {}, now)
      })
    }
  }
}
