import { randomBytes } from 'node:crypto'
import { AwsError } from '../awsError.js'

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
  /** An ARN of another account: never found locally. */
  foreign?: true
}

export const NAME_RULES =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_'

const NAME = /^(\/?[\w.-]+|(\/[\w.-]+)+)$/

/**
 * The key a name is stored under. A one-level name with a leading '/' is the same parameter as without it (AWS
 * answers "/x" with the parameter "x"), so keys drop that slash; hierarchical names keep theirs.
 */
function keyOf(name: string): string {
  return name.startsWith('/') && name.indexOf('/', 1) < 0 ? name.slice(1) : name
}

export class ParameterStore {
  readonly #params = new Map<string, Parameter>()

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** arn:aws:ssm:<region>:<acct>:parameter/<name without its leading slash>. */
  arn(name: string): string {
    return `arn:aws:ssm:${this.region}:${this.accountId}:parameter/${name.replace(/^\//, '')}`
  }

  /** Parses a name or ARN with an optional ':<version>' selector; throws ValidationException for bad names. */
  ref(requested: string): ParameterRef {
    const arn = /^arn:[^:]+:ssm:[^:]*:(\d{12}):parameter\/(.+)$/.exec(requested)
    const text = arn ? (arn[2] ?? '') : requested
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
    return {
      key: keyOf(name),
      name,
      byArn: arn !== null,
      ...(arn && arn[1] !== this.accountId && { foreign: true as const }),
      ...(selector !== undefined && { selector, version: Number(selector.slice(1)) }),
    }
  }

  /** The parameter and the version asked for; undefined when either does not exist (or another account's ARN). */
  find(ref: ParameterRef): { param: Parameter; at: ParameterVersion } | undefined {
    const param = ref.foreign ? undefined : this.#params.get(ref.key)
    if (!param) return undefined
    const at = ref.version === undefined ? param.history[param.history.length - 1] : param.history[ref.version - 1]
    return at && { param, at }
  }

  put(name: string, value: string, type: ParameterType | undefined, overwrite: boolean, now: number): number {
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
    const ciphertext = kind === 'SecureString' ? `AQICAH${randomBytes(120).toString('base64')}` : undefined
    param.history.push({ version, type: kind, value, lastModified: now, ...(ciphertext && { ciphertext }) })
    this.#params.set(keyOf(name), param)
    return version
  }
}
