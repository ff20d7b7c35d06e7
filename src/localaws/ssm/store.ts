import { randomBytes } from 'node:crypto'
import { isPartition, type Placement, type Scope } from '../arn.js'
import { AwsError } from '../awsError.js'
import type { Recorder } from '../state/records.js'

export type ParameterType = 'String' | 'StringList' | 'SecureString'
export const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString']

export interface ParameterVersion {
  version: number
  type: ParameterType
  value: string
  /** What SecureString reads without WithDecryption return: an opaque stand-in for the KMS ciphertext. */
  ciphertext?: string
  lastModified: number
}

export interface Parameter {
  name: string
  description?: string
  history: ParameterVersion[]
}

/** A request's parameter reference, resolved: the stored key, the name to answer with, an optional version. */
export interface ParameterRef {
  key: string
  name: string
  /** Answer with the stored name (a request by ARN) rather than the requested one. */
  byArn: boolean
  version?: number
  selector?: string
  /** A reference by ARN names its own account; a name resolves in the caller's. */
  scope?: Scope
}

export const NAME_RULES =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_'

const NAME = /^(\/?[\w.-]+|(\/[\w.-]+)+)$/

/** Parses a name or ARN with an optional ':<version>' selector; throws ValidationException for bad names. */
export function parameterRef(requested: string): ParameterRef {
  const arn = /^arn:([^:]+):ssm:[^:]*:(\d{12}):parameter\/(.+)$/.exec(requested)
  const text = arn ? (arn[3] ?? '') : requested
  const colon = text.lastIndexOf(':')
  const selector = colon < 0 ? undefined : text.slice(colon)
  const bare = colon < 0 ? text : text.slice(0, colon)
  const name = arn && bare.includes('/') ? `/${bare}` : bare
  if (!NAME.test(name) || /^\/?(aws|ssm)/i.test(name)) throw new AwsError('ValidationException', NAME_RULES)
  if (selector !== undefined && !/^:\d{1,10}$/.test(selector)) {
    throw new AwsError(
      'ValidationException',
      `Invalid label or version selector ${selector}; labels are not supported locally`,
    )
  }
  const partition = arn?.[1] ?? ''
  if (arn && !isPartition(partition))
    throw new AwsError('ValidationException', `${requested} is not an ARN of a known partition`)
  return {
    key: keyOf(name),
    name,
    byArn: arn !== null,
    ...(arn && isPartition(partition) && { scope: { partition, accountId: arn[2] ?? '' } }),
    ...(selector !== undefined && { selector, version: Number(selector.slice(1)) }),
  }
}

/**
 * The key a name is stored under. A one-level name with a leading '/' is the same parameter as without it (AWS
 * answers "/x" with the parameter "x"), so keys drop that slash; hierarchical names keep theirs.
 */
function keyOf(name: string): string {
  return name.startsWith('/') && name.indexOf('/', 1) < 0 ? name.slice(1) : name
}

/** One account's parameters. */
export class ParameterStore {
  readonly #params = new Map<string, Parameter>()

  constructor(
    readonly at: Placement,
    readonly recorder: Recorder = {},
  ) {}

  /** arn:<partition>:ssm:<region>:<acct>:parameter/<name without its leading slash>, as IAM evaluates it. */
  arn(name: string): string {
    const { partition, region, accountId } = this.at
    return `arn:${partition}:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, '')}`
  }

  /** The parameter and the version asked for; undefined when either does not exist. */
  find(ref: ParameterRef): { param: Parameter; at: ParameterVersion } | undefined {
    const param = this.#params.get(ref.key)
    if (!param) return undefined
    const at = ref.version === undefined ? param.history[param.history.length - 1] : param.history[ref.version - 1]
    return at && { param, at }
  }

  /** `ciphertext` is given only when the journal redoes a put: otherwise a SecureString's is drawn here. */
  put(
    name: string,
    value: string,
    type: ParameterType | undefined,
    overwrite: boolean,
    now: number,
    ciphertext?: string,
  ): number {
    const existing = this.#params.get(keyOf(name))
    if (existing && !overwrite) {
      throw new AwsError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      )
    }
    const last = existing?.history[existing.history.length - 1]
    const kind = type ?? last?.type
    if (!kind) throw new AwsError('ValidationException', 'A parameter type is required when you create a parameter.')
    const param = existing ?? { name, history: [] }
    const version = param.history.length + 1
    // An overwrite that leaves the type out keeps the old one, SecureString included.
    const sealed = kind !== 'SecureString' ? undefined : (ciphertext ?? `AQICAH${randomBytes(120).toString('base64')}`)
    param.history.push({ version, type: kind, value, lastModified: now, ...(sealed && { ciphertext: sealed }) })
    this.#params.set(keyOf(name), param)
    const at = { partition: this.at.partition, accountId: this.at.accountId }
    this.recorder.write?.({
      k: 'parameter',
      at,
      name,
      value,
      type: kind,
      time: now,
      ...(sealed && { ciphertext: sealed }),
    })
    return version
  }
}
