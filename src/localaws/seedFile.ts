import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { ERRORS } from '../errors.js'
import type { LocalAwsRole, LocalAwsSeed } from './types.js'

const SHAPE =
  '{"roles":[{"arn":"arn:aws:iam::<acct>:role/<name>","allow":["logs:*"],"trust":["<principal arn>"]}],' +
  '"secrets":[{"name":"db","value":"..."}],"parameters":[{"name":"/app/x","value":"...","type":"SecureString"}],' +
  '"objects":[{"bucket":"b","key":"app.env","body":"A=1" or "file":"./app.env"}],"logGroups":["/ecs/app"]}'
const KEYS = ['roles', 'secrets', 'parameters', 'objects', 'logGroups', 'ecr']
const PARAMETER_TYPES = ['String', 'StringList', 'SecureString']

type Fields = Record<string, unknown>
type Bad = (what: string) => Error

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}

function toRole(r: Fields, bad: Bad): LocalAwsRole {
  if (typeof r.arn !== 'string') throw bad('arn must be a string')
  if (r.allow !== undefined && !isStringArray(r.allow)) throw bad('allow must be a list of IAM actions')
  if (r.trust !== undefined && !isStringArray(r.trust)) throw bad('trust must be a list of principal ARNs')
  return {
    arn: r.arn,
    ...(r.allow !== undefined && { allow: r.allow }),
    ...(r.trust !== undefined && { trust: r.trust }),
  }
}

function toSecret(s: Fields, bad: Bad) {
  if (typeof s.name !== 'string' || typeof s.value !== 'string') throw bad('name and value must be strings')
  return { name: s.name, value: s.value }
}

function toParameter(p: Fields, bad: Bad) {
  if (typeof p.name !== 'string' || typeof p.value !== 'string') throw bad('name and value must be strings')
  const type = p.type
  if (type !== undefined && (typeof type !== 'string' || !PARAMETER_TYPES.includes(type)))
    throw bad(`type must be one of ${PARAMETER_TYPES.join(', ')}`)
  return { name: p.name, value: p.value, ...(type !== undefined && { type: type as 'String' }) }
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

function list<T>(path: string, key: string, v: unknown, map: (item: Fields, bad: Bad) => T): T[] | undefined {
  if (v === undefined) return undefined
  if (!Array.isArray(v)) throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path}: ${key} must be a list; expected ${SHAPE}`)
  return v.map((item: unknown, i) => {
    const bad = (what: string) => new ERRORS.ECSL_ERR_CONFIG(`seed ${key}[${i}]: ${what}; expected ${SHAPE}`)
    // A non-object entry is reported by the first field it lacks, as an empty one would be.
    const fields = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Fields) : {}
    return map(fields, bad)
  })
}

/** Reads a JSON seed file (`--local-aws-seed`): the roles the local account declares and the data it starts with. */
export async function loadSeed(path: string): Promise<LocalAwsSeed> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (e) {
    throw new ERRORS.ECSL_ERR_CONFIG(`cannot read local AWS seed ${path}: ${(e as Error).message}`, { cause: e })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path} must be a JSON object; expected ${SHAPE}`)
  }
  // A misspelt key would otherwise seed nothing, silently.
  const unknown = Object.keys(parsed).filter((k) => !KEYS.includes(k))
  if (unknown.length)
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path}: unknown key ${unknown.join(', ')}; expected ${SHAPE}`)
  const p = parsed as Fields
  const logGroups = p.logGroups
  if (logGroups !== undefined && !isStringArray(logGroups))
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path}: logGroups must be a list of names; expected ${SHAPE}`)
  const ecr = p.ecr as Fields | undefined
  if (
    ecr !== undefined &&
    (typeof ecr !== 'object' ||
      ecr === null ||
      Object.keys(ecr).some((k) => k !== 'password' && k !== 'registry') ||
      Object.values(ecr).some((v) => typeof v !== 'string'))
  ) {
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path}: ecr must be {"password": string, "registry": string}`)
  }
  const seedDir = dirname(resolve(path))
  const seed: LocalAwsSeed = {
    roles: list(path, 'roles', p.roles, toRole),
    secrets: list(path, 'secrets', p.secrets, toSecret),
    parameters: list(path, 'parameters', p.parameters, toParameter),
    objects: list(path, 'objects', p.objects, (o, bad) => toObject(o, bad, seedDir)),
    logGroups,
    ecr: ecr as LocalAwsSeed['ecr'],
  }
  return Object.fromEntries(Object.entries(seed).filter(([, v]) => v !== undefined))
}
