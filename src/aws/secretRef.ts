/**
 * What a `secrets[].valueFrom` (or `repositoryCredentials.credentialsParameter`) points at. Pure.
 * Secrets Manager: always an ARN, `arn:<p>:secretsmanager:<region>:<acct>:secret:<name>` optionally followed by
 * `:<json-key>:<version-stage>:<version-id>` (empty parts unset), the agent's getASMParametersFromInput.
 * Anything else is SSM Parameter Store: a name (`name`, `/path/name`, with an optional `:version`/`:label`) in the
 * task's region, or `arn:<p>:ssm:<region>:<acct>:parameter/...` in the ARN's region, sent to SSM as written.
 */
export type SecretRef =
  | {
      kind: 'secretsmanager'
      region: string
      secretId: string
      jsonKey?: string
      versionStage?: string
      versionId?: string
    }
  | { kind: 'ssm'; region: string; name: string }

export function parseSecretRef(valueFrom: string, defaultRegion: string): SecretRef {
  if (!valueFrom) throw new TypeError('secret valueFrom is empty')
  if (!valueFrom.startsWith('arn:')) return { kind: 'ssm', region: defaultRegion, name: valueFrom }
  const parts = valueFrom.split(':')
  const [, partition, service, region] = parts
  const regionOf = () => (region ? region : defaultRegion)
  if (service === 'ssm') {
    if (!partition || !parts.slice(5).join(':').startsWith('parameter/')) throw badArn(valueFrom, 'ssm')
    return { kind: 'ssm', region: regionOf(), name: valueFrom }
  }
  if (service !== 'secretsmanager') {
    throw new TypeError(
      `secret valueFrom ${valueFrom} is neither a Secrets Manager secret ARN nor an SSM parameter name or ARN`,
    )
  }
  // arn:p:secretsmanager:region:acct:secret:name = 7 parts; with json-key:version-stage:version-id = 10.
  if ((parts.length !== 7 && parts.length !== 10) || parts[5] !== 'secret' || !partition || !parts[6]) {
    throw badArn(valueFrom, 'secretsmanager')
  }
  const ref: SecretRef = { kind: 'secretsmanager', region: regionOf(), secretId: parts.slice(0, 7).join(':') }
  const [jsonKey, versionStage, versionId] = parts.slice(7)
  if (jsonKey) ref.jsonKey = jsonKey
  if (versionStage) ref.versionStage = versionStage
  if (versionId) ref.versionId = versionId
  return ref
}

/** The region an ARN names, if any (`repositoryCredentials` may be a secret name, then the task's region). */
export function arnRegion(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined
  return arn.split(':')[3] || undefined
}

function badArn(valueFrom: string, service: 'ssm' | 'secretsmanager'): TypeError {
  const expected =
    service === 'ssm'
      ? 'arn:aws:ssm:<region>:<account>:parameter/<name>'
      : 'arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<version-stage>:<version-id>]'
  // The agent's words, then what we accept.
  return new TypeError(
    `an invalid ARN format for the ${service === 'ssm' ? 'SSM parameter' : 'AWS Secrets Manager secret'} was ` +
      `specified (${valueFrom}); expected ${expected}`,
  )
}
