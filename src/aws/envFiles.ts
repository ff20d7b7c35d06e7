import type { EnvironmentFile } from '@aws-sdk/client-ecs'
import type { GetObjectCommand, GetObjectCommandOutput } from '@aws-sdk/client-s3'
import { describeError } from '../errors.js'
import { parseEnvFile, validateEnvironmentFiles, type S3Location } from './envFileFormat.js'
import type { NamedValue } from './mergeEnvironment.js'
import { executionResourceError, ResourceInitializationError, SOURCE } from './resourceInitError.js'
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry.js'
import { sdk } from './sdk.js'

export { mergeEnvironment, type NamedValue } from './mergeEnvironment.js'

/** The part of S3Client used here; the client satisfies it, tests hand in a fake. */
export interface S3Sender {
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>
}

/**
 * Fetches a container's environment files with the execution role and merges them, earlier files winning
 * ("processed from the top down"; the agent only sets a name a previous file has not). All files are fetched;
 * any failure fails the container, with every reason joined by ";" as the agent does. Messages name bucket and
 * key, never contents.
 */
export async function loadEnvironmentFiles(
  files: EnvironmentFile[],
  s3: S3Sender,
  retry: Partial<RetryOptions> = {},
): Promise<NamedValue[]> {
  let locations: S3Location[]
  try {
    locations = validateEnvironmentFiles(files)
  } catch (e) {
    throw new ResourceInitializationError(`${SOURCE.envFiles}: ${(e as Error).message}`, { cause: e })
  }
  const opts = { ...DEFAULT_RETRY, ...retry }
  const results = await Promise.allSettled(locations.map((loc) => download(loc, s3, opts)))
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
  if (failures.length) {
    const reasons = failures.map((f) => (f instanceof Error ? f.message : String(f))).join(';')
    throw executionResourceError(
      'envFiles',
      reasons,
      failures.length === 1 ? failures[0] : new AggregateError(failures),
    )
  }
  const merged = new Map<string, string>()
  for (const r of results) {
    if (r.status !== 'fulfilled') continue
    for (const [name, value] of r.value) if (!merged.has(name)) merged.set(name, value)
  }
  return [...merged].map(([name, value]) => ({ name, value }))
}

async function download({ bucket, key }: S3Location, s3: S3Sender, retry: RetryOptions): Promise<Map<string, string>> {
  const where = `unable to download env file with key ${key} from bucket ${bucket}`
  const { GetObjectCommand } = await sdk.s3()
  try {
    const out = await withRetry(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })), retry)
    if (!out.Body) throw new Error('S3 answered without a body')
    return parseEnvFile(await out.Body.transformToString('utf-8'))
  } catch (e) {
    // A plain Error keeps the cause; the wrapping above adds ECS's prefix once.
    throw new Error(`${where}, error: ${describeError(e)}`, { cause: e })
  }
}
