import { AwsError } from '../awsError.js'
import type { JsonFields } from '../protocols/jsonFields.js'
import { createJsonService } from '../protocols/json.js'
import type { AwsService } from '../service.js'
import type { Secret, SecretStore, SecretValue, SecretVersion } from './store.js'

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

/** Secrets Manager over JSON 1.1: GetSecretValue for tasks; CreateSecret, PutSecretValue, DescribeSecret to seed. */
export function createSecretsManagerService(store: SecretStore): AwsService {
  /** The secret's ARN when known, so the call log and AccessDenied name the resource as AWS does. */
  const resourceOf = (id: string) => store.find(id)?.arn ?? id
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
          return { input: { secretId, versionId, stage }, resource: resourceOf(secretId) }
        },
        run({ secretId, versionId, stage }: { secretId: string; versionId?: string; stage?: string }) {
          const secret = store.get(secretId)
          const v = store.version(secret, versionId, stage)
          return { ...ids(secret, v), ...wireValue(v), VersionStages: [...v.stages], CreatedDate: seconds(v.created) }
        },
      },
      CreateSecret: {
        parse(f) {
          const name = f.required('Name', { min: 1, max: 512, pattern: NAME })
          const input = { name, value: valueOf(f), versionId: token(f), description: f.string('Description') }
          return { input, resource: name }
        },
        run(input: { name: string; value?: SecretValue; versionId?: string; description?: string }, ctx) {
          const secret = store.create(input.name, input.value, input.versionId, ctx.now)
          if (input.description !== undefined) secret.description = input.description
          const current = [...secret.versions.values()][0]
          return { ARN: secret.arn, Name: secret.name, ...(current && { VersionId: current.id }) }
        },
      },
      PutSecretValue: {
        parse(f) {
          const secretId = f.required('SecretId', { min: 1, max: 2048 })
          const stages = f.strings('VersionStages', 1, 20)
          const input = { secretId, value: valueOf(f), versionId: token(f), stages }
          return { input, resource: resourceOf(secretId) }
        },
        run(input: { secretId: string; value?: SecretValue; versionId?: string; stages?: string[] }, ctx) {
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
          return { input: secretId, resource: resourceOf(secretId) }
        },
        run(secretId: string) {
          const s = store.get(secretId)
          const stages = [...s.versions.values()].filter((v) => v.stages.size)
          return {
            ARN: s.arn,
            Name: s.name,
            ...(s.description !== undefined && { Description: s.description }),
            CreatedDate: seconds(s.created),
            LastChangedDate: seconds(s.changed),
            VersionIdsToStages: Object.fromEntries(stages.map((v) => [v.id, [...v.stages]])),
          }
        },
      },
    },
  })
}
