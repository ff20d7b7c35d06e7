import { randomInt, randomUUID } from 'node:crypto'
import type { Placement } from '../arn.js'
import { AwsError } from '../awsError.js'
import { stableId } from '../ids.js'
import type { Recorder } from '../state/records.js'

export interface SecretVersion {
  id: string
  stages: Set<string>
  string?: string
  binary?: Buffer
  created: number
}

export interface Secret {
  name: string
  arn: string
  description?: string
  tags?: { Key: string; Value: string }[]
  created: number
  changed: number
  /** In creation order. */
  versions: Map<string, SecretVersion>
}

export type SecretValue = { string: string } | { binary: Buffer }

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function notFound(what = 'secret'): AwsError {
  return new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified ${what}.`)
}

/** One account's secrets. ARNs end in '-' and 6 random characters, as AWS mints them. */
export class SecretStore {
  readonly #byName = new Map<string, Secret>()

  constructor(
    readonly at: Placement,
    readonly recorder: Recorder = {},
  ) {}

  get #scope() {
    return { partition: this.at.partition, accountId: this.at.accountId }
  }

  /**
   * The ARN a new secret of that name gets; CreateSecret is authorised against it, as in AWS. `stable`: the
   * same suffix every time (a seeded secret, whose ARN must not change when the daemon restarts).
   */
  mintArn(name: string, stable = false): string {
    const { partition, region, accountId } = this.at
    let suffix = ''
    if (stable) suffix = stableId('', 6, `secret ${partition}:${accountId}:${name}`, SUFFIX_CHARS)
    else for (let i = 0; i < 6; i++) suffix += SUFFIX_CHARS[randomInt(SUFFIX_CHARS.length)]
    return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`
  }

  /** `arn` (a minted or seeded one, ending in the 6-character suffix) keeps the ARN a task definition names. */
  create(
    name: string,
    value: SecretValue | undefined,
    versionId: string | undefined,
    now: number,
    arn = this.mintArn(name),
    about: { description?: string; tags?: { Key: string; Value: string }[] } = {},
  ): Secret {
    if (this.#byName.has(name)) {
      throw new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`)
    }
    const secret: Secret = { name, arn, created: now, changed: now, versions: new Map(), ...about }
    this.#byName.set(name, secret)
    this.recorder.write?.({ k: 'secret', at: this.#scope, name, arn, time: now, ...about })
    if (value) this.put(secret, value, versionId, ['AWSCURRENT'], now)
    return secret
  }

  /**
   * By name, full ARN, or partial ARN (without the random suffix). Region is not compared: the local AWS is one
   * region, whatever the ARN names.
   */
  find(secretId: string): Secret | undefined {
    const m = /^arn:[^:]+:secretsmanager:[^:]*:(\d{12}):secret:(.+)$/.exec(secretId)
    if (!m) return this.#byName.get(secretId)
    if (m[1] !== this.at.accountId) return undefined
    const rest = m[2] ?? ''
    const exact = this.#byName.get(rest)
    if (exact) return exact
    const full = /^(.+)-[A-Za-z0-9]{6}$/.exec(rest)
    const named = full ? this.#byName.get(full[1] ?? '') : undefined
    return named && named.arn.endsWith(`:secret:${rest}`) ? named : undefined
  }

  get(secretId: string): Secret {
    const secret = this.find(secretId)
    if (!secret) throw notFound()
    return secret
  }

  /** Adds a version and moves the given stages to it; AWSCURRENT's old holder becomes AWSPREVIOUS. */
  put(
    secret: Secret,
    value: SecretValue,
    versionId: string = randomUUID(),
    stages = ['AWSCURRENT'],
    now: number,
  ): SecretVersion {
    const existing = secret.versions.get(versionId)
    if (existing) {
      const same = 'string' in value ? existing.string === value.string : existing.binary?.equals(value.binary) === true
      if (!same)
        throw new AwsError(
          'ResourceExistsException',
          `You can't modify an existing version, you can only create a new version.`,
        )
      return existing
    }
    const version: SecretVersion = { id: versionId, stages: new Set(), created: now, ...value }
    for (const stage of stages) {
      for (const other of secret.versions.values()) {
        if (!other.stages.delete(stage) || stage !== 'AWSCURRENT') continue
        for (const v of secret.versions.values()) v.stages.delete('AWSPREVIOUS')
        other.stages.add('AWSPREVIOUS')
      }
      version.stages.add(stage)
    }
    secret.versions.set(versionId, version)
    secret.changed = now
    if (this.recorder.write) {
      const held = 'string' in value ? { string: value.string } : { binary: value.binary.toString('base64') }
      const at = this.#scope
      this.recorder.write({ k: 'secretVersion', at, name: secret.name, id: versionId, stages, time: now, ...held })
    }
    return version
  }

  /** The version asked for: by id, by stage (AWSCURRENT when neither is given), or both, which must agree. */
  version(secret: Secret, versionId?: string, stage?: string): SecretVersion {
    const wanted = stage ?? (versionId === undefined ? 'AWSCURRENT' : undefined)
    const byId = versionId === undefined ? undefined : secret.versions.get(versionId)
    if (versionId !== undefined && !byId) throw notFound(`secret value for VersionId: ${versionId}`)
    if (wanted === undefined) return byId as SecretVersion
    const byStage = [...secret.versions.values()].find((v) => v.stages.has(wanted))
    if (!byStage || (byId && byId !== byStage)) throw notFound(`secret value for staging label: ${wanted}`)
    return byStage
  }
}
