import { parseImageRef } from './imageRef.js'

/**
 * Private ECR registry hosts, as docker-credential-ecr-login (ecr-login/api/client.go) recognises them:
 * `<12-digit account>.dkr.ecr[-fips].<region>.<partition domain>`, `dkr-ecr` (dual-stack) included.
 * ECR Public (public.ecr.aws) is not here on purpose: it pulls anonymously, no execution role involved.
 */
const ECR_HOST =
  /^(\d{12})\.dkr[.-]ecr(-fips)?\.([a-zA-Z0-9][a-zA-Z0-9-_]*)\.(?:amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws|amazonwebservices\.com\.cn)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/

/** The registry (host[:port]) an image is pulled from; `docker.io` for Docker Hub. */
export function registryOf(image: string): string {
  return parseImageRef(image).registry
}

/** Region of an ECR registry host, or undefined when the host is not an ECR one. */
export function ecrRegion(host: string): string | undefined {
  return ECR_HOST.exec(hostname(host))?.[3]
}

/** Registry (account) id of an ECR host: what GetAuthorizationToken's registryIds wants. */
export function ecrAccountId(host: string): string | undefined {
  return ECR_HOST.exec(hostname(host))?.[1]
}

/**
 * True when pulling this image needs an ECR token: its registry is an ECR host, or one the user declared as
 * ECR (host[:port], e.g. `127.0.0.1:5000` or LocalStack's), compared as Docker writes them, case-insensitively.
 */
export function isEcrImage(image: string, declared: readonly string[]): boolean {
  return isEcrRegistry(registryOf(image), declared)
}

export function isEcrRegistry(host: string, declared: readonly string[]): boolean {
  if (ecrRegion(host) !== undefined) return true
  const wanted = host.toLowerCase()
  return declared.some((d) => normalizeDeclared(d) === wanted)
}

/** Users write `http://127.0.0.1:5000/` as often as `127.0.0.1:5000`: keep only host[:port]. */
export function normalizeDeclared(entry: string): string {
  return entry
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase()
}

/** host[:port] -> host; a bracketed IPv6 literal keeps its brackets off. */
function hostname(host: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(host)
  if (v6) return v6[1] ?? ''
  return host.replace(/:\d+$/, '')
}
