import { describeError } from '../errors.js'
import { goValueString } from './goFormat.js'
import type { SecretsManagerSender } from './repositoryCredentials.js'
import { executionResourceError } from './resourceInitError.js'
import { withRetry, type RetryOptions } from './retry.js'
import { sdk } from './sdk.js'
import type { SecretRef } from './secretRef.js'

/**
 * One Secrets Manager secret for `secrets[]`, the agent's asmsecret + asm.GetSecretFromASMWithInput: the whole
 * SecretString, or with a json-key that top-level key's value as Go's %v prints it. Errors never quote the value.
 */
export async function fetchAsmSecret(
  ref: Extract<SecretRef, { kind: 'secretsmanager' }>,
  client: SecretsManagerSender,
  retry: RetryOptions,
): Promise<string> {
  const { GetSecretValueCommand } = await sdk.secretsManager()
  const command = new GetSecretValueCommand({
    SecretId: ref.secretId,
    ...(ref.versionStage && { VersionStage: ref.versionStage }),
    ...(ref.versionId && { VersionId: ref.versionId }),
  })
  let secretString: string | undefined
  try {
    secretString = (await withRetry(() => client.send(command), retry)).SecretString
  } catch (e) {
    // The agent's augmentErrMsg: a missing secret gets a sentence of its own.
    const detail =
      e instanceof Error && e.name === 'ResourceNotFoundException'
        ? `ResourceNotFoundException: The task can't retrieve the secret with ARN '${ref.secretId}' from AWS Secrets Manager. Check whether the secret exists in the specified Region`
        : `failed to fetch secret ${ref.secretId} from secrets manager: ${describeError(e)}`
    throw executionResourceError('asm', detail, e)
  }
  // No json-key: the whole SecretString (empty for a binary-only secret, as in the agent).
  if (ref.jsonKey === undefined) return secretString ?? ''
  let parsed: unknown
  try {
    parsed = JSON.parse(secretString ?? '')
  } catch {
    // Never the parser's message: it quotes the secret text.
    throw executionResourceError(
      'asm',
      `secret ${ref.secretId}: the value is not JSON, so json key ${ref.jsonKey} cannot be read`,
    )
  }
  if (typeof parsed !== 'object' || parsed === null || !Object.hasOwn(parsed, ref.jsonKey)) {
    throw executionResourceError(
      'asm',
      `secret ${ref.secretId}: retrieved secret from Secrets Manager did not contain json key ${ref.jsonKey}`,
    )
  }
  return goValueString((parsed as Record<string, unknown>)[ref.jsonKey])
}
