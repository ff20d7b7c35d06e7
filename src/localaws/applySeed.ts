import { readFileSync } from 'node:fs'
import { ERRORS } from '../errors.js'
import type { LogStore } from './logs/store.js'
import type { ObjectStore } from './s3/store.js'
import type { SecretStore } from './secretsmanager/store.js'
import type { ParameterStore } from './ssm/store.js'
import type { LocalAwsSeed } from './types.js'

export interface SeedTargets {
  logs: LogStore
  secrets: SecretStore
  parameters: ParameterStore
  objects: ObjectStore
}

/** Runs one entry; a refusal (bad name, duplicate) becomes a configuration error naming the entry. */
function entry(where: string, run: () => void): void {
  try {
    run()
  } catch (e) {
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}: ${(e as Error).message}`, { cause: e })
  }
}

/** Creates what the seed declares, through the same stores the services use, so the same rules apply. */
export function applySeed(seed: LocalAwsSeed, to: SeedTargets, now = Date.now()): void {
  for (const [i, name] of (seed.logGroups ?? []).entries()) {
    entry(`logGroups[${i}] ${name}`, () => to.logs.createGroup(name, now))
  }
  for (const [i, s] of (seed.secrets ?? []).entries()) {
    entry(`secrets[${i}] ${s.name}`, () => to.secrets.create(s.name, { string: s.value }, undefined, now))
  }
  for (const [i, p] of (seed.parameters ?? []).entries()) {
    entry(`parameters[${i}] ${p.name}`, () => {
      const ref = to.parameters.ref(p.name)
      to.parameters.put(ref.name, p.value, p.type ?? 'String', false, now)
    })
  }
  for (const [i, o] of (seed.objects ?? []).entries()) {
    entry(`objects[${i}] s3://${o.bucket}/${o.key}`, () => {
      if ((o.body === undefined) === (o.file === undefined)) throw new Error('give exactly one of body and file')
      const body = o.file === undefined ? Buffer.from(o.body ?? '') : readFileSync(o.file)
      if (!to.objects.buckets.has(o.bucket)) to.objects.createBucket(o.bucket, now)
      to.objects.put(o.bucket, o.key, body, 'binary/octet-stream', {}, now)
    })
  }
}
