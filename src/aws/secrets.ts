import type { Secret } from '@aws-sdk/client-ecs'
import type { Logger } from '../log.js'
import { fetchAsmSecret } from './asmSecret.js'
import type { ExecutionClients } from './executionClients.js'
import type { NamedValue } from './mergeEnvironment.js'
import { PULL_SECRETS_OR_AUTH, ResourceInitializationError } from './resourceInitError.js'
import { DEFAULT_RETRY, type RetryOptions } from './retry.js'
import { parseSecretRef, type SecretRef } from './secretRef.js'
import { fetchSsmParameters, SSM_BATCH, type SsmSender } from './ssmParameters.js'

export type { NamedValue, SsmSender }
export { SSM_BATCH }

/** The execution role's clients that secrets are read with. */
export type SecretClients = Pick<ExecutionClients, 'secretsManager' | 'ssm'>

export interface ResolveSecretsOptions {
  retry?: Partial<RetryOptions>
  logger?: Logger
}

/**
 * Resolves `secrets` (container env secrets or log driver secretOptions) in their order. Every fetch runs, then
 * any failure fails the whole set, as one error listing each reason (the agent joins them with ";").
 */
export async function resolveSecrets(
  secrets: Secret[],
  clients: SecretClients,
  defaultRegion: string,
  opts: ResolveSecretsOptions = {},
): Promise<NamedValue[]> {
  const retry = { ...DEFAULT_RETRY, ...opts.retry }
  const refs = secrets.map((s) => toRef(s, defaultRegion))
  const values = new Map<string, string>()
  const asmStarted = new Set<string>()
  const jobs: Promise<void>[] = []
  const ssmNames = new Map<string, Set<string>>()
  for (const ref of refs) {
    if (ref.kind === 'ssm') {
      ssmNames.set(ref.region, (ssmNames.get(ref.region) ?? new Set()).add(ref.name))
    } else if (!asmStarted.has(refKey(ref))) {
      // The same valueFrom twice is fetched once, as the agent keys its secrets by valueFrom and region.
      asmStarted.add(refKey(ref))
      jobs.push(
        fetchAsmSecret(ref, clients.secretsManager(ref.region), retry).then((v) => void values.set(refKey(ref), v)),
      )
    }
  }
  for (const [region, names] of ssmNames) {
    const all = [...names]
    for (let i = 0; i < all.length; i += SSM_BATCH) {
      const batch = all.slice(i, i + SSM_BATCH)
      jobs.push(
        fetchSsmParameters(region, batch, clients.ssm(region), retry).then((got) => {
          for (const [name, value] of got) values.set(`ssm\n${region}\n${name}`, value)
        }),
      )
    }
  }
  const failures = (await Promise.allSettled(jobs)).flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) {
    const reasons = failures.map((f) =>
      (f instanceof Error ? f.message : String(f)).replace(`${PULL_SECRETS_OR_AUTH}: `, ''),
    )
    throw new ResourceInitializationError(`${PULL_SECRETS_OR_AUTH}: ${reasons.join('; ')}`, {
      cause: new AggregateError(failures, 'several secrets failed'),
    })
  }
  opts.logger?.info({ secrets: secrets.map((s) => s.name) }, 'secrets resolved')
  return refs.map((ref, i) => ({ name: secrets[i]?.name ?? '', value: values.get(refKey(ref)) ?? '' }))
}

function toRef(secret: Secret, defaultRegion: string): SecretRef {
  if (!secret.name || !secret.valueFrom) {
    throw new ResourceInitializationError(`${PULL_SECRETS_OR_AUTH}: a secret needs both name and valueFrom`)
  }
  try {
    return parseSecretRef(secret.valueFrom, defaultRegion)
  } catch (e) {
    const detail = `trying to retrieve secret ${secret.name} with value ${secret.valueFrom} resulted in error: ${(e as Error).message}`
    throw new ResourceInitializationError(`${PULL_SECRETS_OR_AUTH}: ${detail}`, { cause: e })
  }
}

const refKey = (ref: SecretRef) =>
  ref.kind === 'ssm'
    ? `ssm\n${ref.region}\n${ref.name}`
    : `asm\n${ref.region}\n${[ref.secretId, ref.jsonKey, ref.versionStage, ref.versionId].join(':')}`
