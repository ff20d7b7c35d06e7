import type { GetSecretValueCommand, GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager'
import type { RegistryAuth } from '../model/credentials.js'
import { describeError } from '../errors.js'
import { executionResourceError } from './resourceInitError.js'
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry.js'
import { sdk } from './sdk.js'

/** The part of SecretsManagerClient used here; the client satisfies it, tests hand in a fake. */
export interface SecretsManagerSender {
  send(command: GetSecretValueCommand): Promise<GetSecretValueCommandOutput>
}

/**
 * `repositoryCredentials.credentialsParameter` (a secret ARN, or a name in the task's region): its SecretString is
 * `{"username": ..., "password": ...}`. Keys match case-insensitively because the agent unmarshals into a Go
 * struct (asm.extractASMValue); like Go, the last matching key wins. Errors name the ARN, never the value.
 * No serveraddress: the secret does not name one, the image being pulled does.
 */
export async function repositoryCredentials(
  parameterArn: string,
  client: SecretsManagerSender,
  retry: Partial<RetryOptions> = {},
): Promise<RegistryAuth> {
  const { GetSecretValueCommand } = await sdk.secretsManager()
  let out: GetSecretValueCommandOutput
  try {
    const command = new GetSecretValueCommand({ SecretId: parameterArn })
    out = await withRetry(() => client.send(command), { ...DEFAULT_RETRY, ...retry })
  } catch (e) {
    throw executionResourceError(
      'asmAuth',
      `asm fetching secret from the service for ${parameterArn}: ${describeError(e)}`,
      e,
    )
  }
  const fail = (why: string) => executionResourceError('asmAuth', `secret ${parameterArn}: ${why}`)
  if (!out.SecretString) throw fail('asm fetching authorization data: empty secrets value')
  let parsed: unknown
  try {
    parsed = JSON.parse(out.SecretString)
  } catch {
    // The parser's message quotes the text it choked on: the secret. Say only that it is not JSON.
    throw fail('asm fetching authorization data: unable to unmarshal secret value, invalid schema (not JSON)')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw fail('asm fetching authorization data: unable to unmarshal secret value, invalid schema (not a JSON object)')
  }
  let username: unknown
  let password: unknown
  for (const [key, value] of Object.entries(parsed)) {
    const k = key.toLowerCase()
    if (k === 'username') username = value
    else if (k === 'password') password = value
  }
  for (const [field, value] of [
    ['username', username],
    ['password', password],
  ] as const) {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw fail(
        `asm fetching authorization data: unable to unmarshal secret value, invalid schema (${field} is not a string)`,
      )
    }
    if (!value) throw fail(`asm fetching ${field}: AuthorizationData is malformed, empty field`)
  }
  return { username: username as string, password: password as string }
}
