import type { Accounts } from '../accounts.js'
import { parseArn, scopeOfArn, type Scope } from '../arn.js'
import { AwsError } from '../awsError.js'
import type { JsonFields } from '../protocols/jsonFields.js'
import { createJsonService } from '../protocols/json.js'
import type { AwsService, CallKeys, Target } from '../service.js'
import type { Secret, SecretStore, SecretValue, SecretVersion } from './store.js'

type Tags = { Key: string; Value: string }[]

const NAME: [RegExp, string] = [/^[\w/+=.@-]+$/, '^[\\w/+=.@-]+$']
const seconds = (ms: number) => ms / 1000

/** SecretString or SecretBinary (base64 on the wire), not both. */
function valueOf(f: JsonFields): SecretValue | undefined {
  const string = f.string('SecretString', { max: 65536 })
  const binary = f.string('SecretBinary', { max: 87384 })
  if (string !== undefined && binary !== undefined) {
    f.violation(undefined, 'SecretString', 'not be set together with SecretBinary')
    return undefined
  }
  if (string !== undefined) return { string }
  return binary === undefined ? undefined : { binary: Buffer.from(binary, 'base64') }
}

function wireValue(v: SecretVersion): object {
  return v.string !== undefined ? { SecretString: v.string } : { SecretBinary: v.binary?.toString('base64') }
}

function token(f: JsonFields): string | undefined {
  return f.string('ClientRequestToken', { min: 32, max: 64 })
}

function tagsOf(f: JsonFields): Tags | undefined {
  const raw = f.objects('Tags')
  if (raw === undefined) return undefined
  const tags = raw.filter((t): t is Tags[number] => typeof t.Key === 'string' && typeof t.Value === 'string')
  if (tags.length !== raw.length) f.violation(undefined, 'Tags', 'hold Key and Value strings')
  return tags
}

/** aws:TagKeys (multi-valued) and aws:RequestTag/<key>, as IAM sees a request that tags. */
function tagKeys(tags: Tags | undefined): CallKeys {
  if (!tags) return {}
  const keys: CallKeys = { 'aws:TagKeys': tags.map((t) => t.Key) }
  for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = t.Value
  return keys
}

/** Secrets Manager over JSON 1.1: GetSecretValue for tasks; CreateSecret, PutSecretValue, DescribeSecret to seed. */
export function createSecretsManagerService(accounts: Accounts): AwsService {
  /** A full or partial ARN names its own account; a name resolves in the caller's. */
  const storeFor = (secretId: string, caller: Scope): SecretStore => {
    const arn = parseArn(secretId)
    return accounts.get((arn && scopeOfArn(arn)) ?? caller).secrets
  }
  /** The secret's ARN when it exists; else what the call named (AWS then names it as given, a bare name too). */
  const secretTarget =
    (secretId: string) =>
    (caller: Scope): Target => ({ resource: storeFor(secretId, caller).find(secretId)?.arn ?? secretId })
  const ids = (s: Secret, v: SecretVersion) => ({ ARN: s.arn, Name: s.name, VersionId: v.id })
  return createJsonService({
    name: 'secretsmanager',
    targetPrefix: 'secretsmanager',
    validationCode: 'ValidationException',
    actions: {
      GetSecretValue: {
        parse(f) {
          const secretId = f.required('SecretId', { min: 1, max: 2048 })
          const versionId = f.string('VersionId', { min: 32, max: 64 })
          const stage = f.string('VersionStage', { min: 1, max: 256 })
          return { input: { secretId, versionId, stage }, target: secretTarget(secretId) }
        },
        run({ secretId, versionId, stage }: { secretId: string; versionId?: string; stage?: string }, ctx) {
          const store = storeFor(secretId, ctx.scope)
          const secret = store.get(secretId)
          const v = store.version(secret, versionId, stage)
          return { ...ids(secret, v), ...wireValue(v), VersionStages: [...v.stages], CreatedDate: seconds(v.created) }
        },
      },
      CreateSecret: {
        parse(f) {
          const name = f.required('Name', { min: 1, max: 512, pattern: NAME })
          const tags = tagsOf(f)
          const input = { name, value: valueOf(f), versionId: token(f), description: f.string('Description'), tags }
          // AWS authorises CreateSecret against the ARN the secret will get, its random suffix included.
          const target = (caller: Scope) => ({
            resource: accounts.get(caller).secrets.mintArn(name),
            keys: tagKeys(tags),
          })
          return { input, target }
        },
        run(input: { name: string; value?: SecretValue; versionId?: string; description?: string; tags?: Tags }, ctx) {
          const store = accounts.get(ctx.scope).secrets
          const about = {
            ...(input.description !== undefined && { description: input.description }),
            ...(input.tags !== undefined && { tags: input.tags }),
          }
          const secret = store.create(input.name, input.value, input.versionId, ctx.now, ctx.target.resource, about)
          const current = [...secret.versions.values()][0]
          return { ARN: secret.arn, Name: secret.name, ...(current && { VersionId: current.id }) }
        },
      },
      PutSecretValue: {
        parse(f) {
          const secretId = f.required('SecretId', { min: 1, max: 2048 })
          const stages = f.strings('VersionStages', 1, 20)
          const input = { secretId, value: valueOf(f), versionId: token(f), stages }
          return { input, target: secretTarget(secretId) }
        },
        run(input: { secretId: string; value?: SecretValue; versionId?: string; stages?: string[] }, ctx) {
          const store = storeFor(input.secretId, ctx.scope)
          const secret = store.get(input.secretId)
          if (!input.value)
            throw new AwsError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.')
          const v = store.put(secret, input.value, input.versionId, input.stages, ctx.now)
          return { ...ids(secret, v), VersionStages: [...v.stages] }
        },
      },
      DescribeSecret: {
        parse(f) {
          const secretId = f.required('SecretId', { min: 1, max: 2048 })
          return { input: secretId, target: secretTarget(secretId) }
        },
        run(secretId: string, ctx) {
          const s = storeFor(secretId, ctx.scope).get(secretId)
          const stages = [...s.versions.values()].filter((v) => v.stages.size)
          return {
            ARN: s.arn,
            Name: s.name,
            ...(s.description !== undefined && { Description: s.description }),
            ...(s.tags !== undefined && { Tags: s.tags }),
            CreatedDate: seconds(s.created),
            LastChangedDate: seconds(s.changed),
            VersionIdsToStages: Object.fromEntries(stages.map((v) => [v.id, [...v.stages]])),
          }
        },
      },
    },
  })
}
