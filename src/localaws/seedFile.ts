import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { ERRORS } from '../errors.js'
import { PARTITIONS, isPartition } from './arn.js'
import type { LocalAwsAccount, LocalAwsData, LocalAwsRole, LocalAwsSeed, PolicyDocument } from './types.js'

const SHAPE =
  '{"roles":[{"arn":"arn:aws:iam::<acct>:role/<name>","allow":["logs:*"] and/or "policies":[<IAM policy document> or "<policy arn>"],' +
  '"trust":["<principal arn>"] or <trust policy document>}],"managedPolicies":[{"arn":"arn:aws:iam::<acct>:policy/<name>","document":{...}}],' +
  '"secrets":[{"name":"db" or "arn":"arn:aws:secretsmanager:...","value":"..."}],"parameters":[{"name":"/app/x" or "arn":"...","value":"...","type":"SecureString"}],' +
  '"objects":[{"bucket":"b","key":"app.env","body":"A=1" or "file":"./app.env"}],"logGroups":["/ecs/app"],' +
  '"accounts":[{"id":"111122223333","partition":"aws","secrets":[...],"parameters":[...],"objects":[...],"logGroups":[...]}]}'
const DATA_KEYS = ['secrets', 'parameters', 'objects', 'logGroups']
const KEYS = ['roles', 'managedPolicies', 'accounts', 'ecr', ...DATA_KEYS]
const ACCOUNT_KEYS = ['id', 'partition', ...DATA_KEYS]
const PARAMETER_TYPES = ['String', 'StringList', 'SecureString']

type Fields = Record<string, unknown>
type Bad = (what: string) => Error

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}

/**
 * A misspelt section would otherwise seed nothing, silently. Entries keep ignoring keys they do not know, as they
 * always have, so existing seed files keep loading.
 */
function noUnknown(fields: Fields, allowed: string[], bad: Bad): void {
  const unknown = Object.keys(fields).filter((k) => !allowed.includes(k))
  if (unknown.length) throw bad(`unknown key ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`)
}

function toRole(r: Fields, bad: Bad): LocalAwsRole {
  if (typeof r.arn !== 'string') throw bad('arn must be a string')
  if (r.allow !== undefined && !isStringArray(r.allow)) throw bad('allow must be a list of IAM actions')
  const policies = r.policies
  if (
    policies !== undefined &&
    !(Array.isArray(policies) && policies.every((p) => typeof p === 'string' || isObject(p)))
  )
    throw bad('policies must be a list of IAM policy documents or managed policy ARNs')
  if (r.trust !== undefined && !isStringArray(r.trust) && !isObject(r.trust))
    throw bad('trust must be a list of principal ARNs or a trust policy document')
  return {
    arn: r.arn,
    ...(r.allow !== undefined && { allow: r.allow }),
    ...(policies !== undefined && { policies: policies as (PolicyDocument | string)[] }),
    ...(r.trust !== undefined && { trust: r.trust as string[] | PolicyDocument }),
  }
}

function toManagedPolicy(p: Fields, bad: Bad) {
  if (typeof p.arn !== 'string') throw bad('arn must be a string')
  if (!isObject(p.document)) throw bad('document must be an IAM policy document (a JSON object)')
  return { arn: p.arn, document: p.document }
}

/** `name` or `arn`, not both: an ARN places the entry in its own account. */
function nameOrArn(e: Fields, bad: Bad): { name: string } | { arn: string } {
  if ((e.name === undefined) === (e.arn === undefined)) throw bad('give exactly one of name and arn')
  if (e.name !== undefined && typeof e.name !== 'string') throw bad('name must be a string')
  if (e.arn !== undefined && typeof e.arn !== 'string') throw bad('arn must be a string')
  return typeof e.arn === 'string' ? { arn: e.arn } : { name: String(e.name) }
}

function toSecret(s: Fields, bad: Bad) {
  const id = nameOrArn(s, bad)
  if (typeof s.value !== 'string') throw bad('value must be a string')
  return { ...id, value: s.value }
}

function toParameter(p: Fields, bad: Bad) {
  const id = nameOrArn(p, bad)
  if (typeof p.value !== 'string') throw bad('value must be a string')
  const type = p.type
  if (type !== undefined && (typeof type !== 'string' || !PARAMETER_TYPES.includes(type)))
    throw bad(`type must be one of ${PARAMETER_TYPES.join(', ')}`)
  return { ...id, value: p.value, ...(type !== undefined && { type: type as 'String' }) }
}

/** A relative `file` is read relative to the seed file, not to wherever the daemon was started. */
function toObject(o: Fields, bad: Bad, seedDir: string) {
  if (typeof o.bucket !== 'string' || typeof o.key !== 'string') throw bad('bucket and key must be strings')
  const hasBody = typeof o.body === 'string'
  const hasFile = typeof o.file === 'string'
  if (hasBody === hasFile || (o.body !== undefined && !hasBody) || (o.file !== undefined && !hasFile))
    throw bad('give exactly one of body (a string) and file (a path)')
  return {
    bucket: o.bucket,
    key: o.key,
    ...(hasBody ? { body: String(o.body) } : { file: resolve(seedDir, String(o.file)) }),
  }
}

/** Reads one list of the seed; each entry's error names it, e.g. `accounts[1].secrets[0]: value must be ...`. */
function list<T>(at: string, v: unknown, map: (item: Fields, bad: Bad, i: number) => T): T[] | undefined {
  if (v === undefined) return undefined
  if (!Array.isArray(v)) throw new ERRORS.ECSL_ERR_CONFIG(`seed ${at} must be a list; expected ${SHAPE}`)
  return v.map((item: unknown, i) => {
    const bad = (what: string) => new ERRORS.ECSL_ERR_CONFIG(`seed ${at}[${i}]: ${what}; expected ${SHAPE}`)
    // A non-object entry is reported by the first field it lacks, as an empty one would be.
    return map(isObject(item) ? item : {}, bad, i)
  })
}

/** secrets, parameters, objects and logGroups: the same at the top level and in each of accounts[]. */
function toData(p: Fields, prefix: string, seedDir: string): LocalAwsData {
  const logGroups = p.logGroups
  if (logGroups !== undefined && !isStringArray(logGroups))
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${prefix}logGroups must be a list of names or ARNs; expected ${SHAPE}`)
  const data: LocalAwsData = {
    secrets: list(`${prefix}secrets`, p.secrets, toSecret),
    parameters: list(`${prefix}parameters`, p.parameters, toParameter),
    objects: list(`${prefix}objects`, p.objects, (o, bad) => toObject(o, bad, seedDir)),
    logGroups,
  }
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined))
}

function toAccount(a: Fields, bad: Bad, i: number, seedDir: string): LocalAwsAccount {
  noUnknown(a, ACCOUNT_KEYS, bad)
  if (typeof a.id !== 'string' || !/^\d{12}$/.test(a.id)) throw bad('id must be a 12-digit account id (a string)')
  if (a.partition !== undefined && !(typeof a.partition === 'string' && isPartition(a.partition)))
    throw bad(`partition must be one of ${PARTITIONS.join(', ')}`)
  return {
    id: a.id,
    ...(a.partition !== undefined && { partition: a.partition }),
    ...toData(a, `accounts[${i}].`, seedDir),
  }
}

/**
 * Reads a JSON seed file (`--local-aws-seed`): the roles and managed policies of any account, and the data the
 * daemon's account (top level) and other accounts (accounts[]) start with. Shapes are checked here; policy
 * grammar and ARNs when the local AWS starts.
 */
export async function loadSeed(path: string): Promise<LocalAwsSeed> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (e) {
    throw new ERRORS.ECSL_ERR_CONFIG(`cannot read local AWS seed ${path}: ${(e as Error).message}`, { cause: e })
  }
  if (!isObject(parsed)) throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path} must be a JSON object; expected ${SHAPE}`)
  const unknown = Object.keys(parsed).filter((k) => !KEYS.includes(k))
  if (unknown.length)
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path}: unknown key ${unknown.join(', ')}; expected ${SHAPE}`)
  const ecr = parsed.ecr
  if (
    ecr !== undefined &&
    (!isObject(ecr) ||
      Object.keys(ecr).some((k) => k !== 'password' && k !== 'registry') ||
      Object.values(ecr).some((v) => typeof v !== 'string'))
  ) {
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path}: ecr must be {"password": string, "registry": string}`)
  }
  const seedDir = dirname(resolve(path))
  const seed: LocalAwsSeed = {
    roles: list('roles', parsed.roles, toRole),
    managedPolicies: list('managedPolicies', parsed.managedPolicies, toManagedPolicy),
    accounts: list('accounts', parsed.accounts, (a, bad, i) => toAccount(a, bad, i, seedDir)),
    ...toData(parsed, '', seedDir),
    ecr: ecr as LocalAwsSeed['ecr'],
  }
  return Object.fromEntries(Object.entries(seed).filter(([, v]) => v !== undefined))
}
