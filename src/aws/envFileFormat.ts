import type { EnvironmentFile } from '@aws-sdk/client-ecs'

/** ECS: "You can specify up to ten environment files." */
export const MAX_ENVIRONMENT_FILES = 10

export interface S3Location {
  bucket: string
  key: string
}

/**
 * Checks a container's environmentFiles before anything is fetched: at most 10, type `s3`, value an S3 object
 * ARN whose key ends in `.env` (the API reference: "The file must have a .env file extension"). Names no values.
 */
export function validateEnvironmentFiles(files: readonly EnvironmentFile[]): S3Location[] {
  if (files.length > MAX_ENVIRONMENT_FILES) {
    throw new TypeError(`environmentFiles: ${files.length} given, at most ${MAX_ENVIRONMENT_FILES} allowed`)
  }
  return files.map((f) => {
    if (f.type !== 's3') throw new TypeError(`environmentFiles: type ${String(f.type)} is not supported (allowed: s3)`)
    return parseEnvFileArn(f.value ?? '')
  })
}

/** `arn:<partition>:s3:::<bucket>/<key>`, the agent's s3.ParseS3ARN (anchored here), plus the `.env` rule. */
export function parseEnvFileArn(arn: string): S3Location {
  const m = /^arn:[^:]+:s3:::([^/]+)\/(.+)$/.exec(arn)
  if (!m?.[1] || !m[2]) {
    throw new TypeError(`environmentFiles: invalid s3 arn: ${arn} (expected arn:aws:s3:::<bucket>/<key>.env)`)
  }
  if (!m[2].endsWith('.env')) throw new TypeError(`environmentFiles: ${arn}: the file must have a .env file extension`)
  return { bucket: m[1], key: m[2] }
}

/**
 * One file's variables, as the agent reads them (envFiles readEnvVarsFromFile): lines split like bufio.ScanLines
 * (\n, a trailing \r dropped); a line starting with `#` is skipped; a line without `=` is skipped; the rest split
 * at the first `=`; an empty name is skipped; nothing trimmed or unquoted. A later line wins within the file.
 */
export function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>()
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.startsWith('#')) continue
    const eq = line.indexOf('=')
    if (eq <= 0) continue
    vars.set(line.slice(0, eq), line.slice(eq + 1))
  }
  return vars
}
