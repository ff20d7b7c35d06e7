import { readFile } from 'node:fs/promises'
import { ERRORS } from '../errors.js'
import type { LocalAwsRole, LocalAwsSeed } from './types.js'

const SHAPE = '{"roles":[{"arn":"arn:aws:iam::<acct>:role/<name>","allow":["logs:*"],"trust":["<principal arn>"]}]}'

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}

function toRole(v: unknown, i: number): LocalAwsRole {
  const r = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}
  const bad = (what: string) => new ERRORS.ECSL_ERR_CONFIG(`seed roles[${i}]: ${what}; expected ${SHAPE}`)
  if (typeof r.arn !== 'string') throw bad('arn must be a string')
  if (r.allow !== undefined && !isStringArray(r.allow)) throw bad('allow must be a list of IAM actions')
  if (r.trust !== undefined && !isStringArray(r.trust)) throw bad('trust must be a list of principal ARNs')
  return {
    arn: r.arn,
    ...(r.allow !== undefined && { allow: r.allow }),
    ...(r.trust !== undefined && { trust: r.trust }),
  }
}

/** Reads a JSON seed file (`--local-aws-seed`): the roles the local account declares. */
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
  const unknown = Object.keys(parsed).filter((k) => k !== 'roles')
  if (unknown.length)
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path}: unknown key ${unknown.join(', ')}; expected ${SHAPE}`)
  const roles = (parsed as Record<string, unknown>).roles
  if (roles === undefined) return {}
  if (!Array.isArray(roles)) throw new ERRORS.ECSL_ERR_CONFIG(`seed ${path}: roles must be a list; expected ${SHAPE}`)
  return { roles: roles.map(toRole) }
}
