import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { CredentialsEndpointMode } from '../model/settings.js'

export interface EnvContext {
  endpointHost: string // 169.254.170.2
  endpointPort: number // 80, or a high port without the privilege to bind 80
  endpointId: string
  credentialsId?: string
  credentialsMode: CredentialsEndpointMode
  /** Path of the token file inside the container (full-uri-token-file). */
  tokenFilePath?: string
  authorizationToken?: string
  launchType: 'FARGATE' | 'EC2'
  region: string
  /** Variables the image itself sets (NAME=value), which the region default must not override. */
  imageEnv: string[]
  /** Extra variables the daemon adds unless the task sets them (e.g. AWS_ENDPOINT_URL for --aws local). */
  defaults?: Record<string, string>
}

const TASK_OVERRIDDEN = [
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
]

const names = (env: readonly string[]): Set<string> => new Set(env.map((e) => e.split('=', 1)[0] ?? ''))

/**
 * The environment ECS gives a container: the task's own variables, then what the agent injects (the agent's
 * credentials and metadata variables win over the task's), region defaults only when neither task nor image
 * sets one.
 */
export function buildContainerEnv(def: ContainerDefinition, ctx: EnvContext): string[] {
  const vars = new Map<string, string>()
  for (const e of def.environment ?? []) if (e.name) vars.set(e.name, e.value ?? '')
  const base = ctx.endpointPort === 80 ? `http://${ctx.endpointHost}` : `http://${ctx.endpointHost}:${ctx.endpointPort}`
  if (ctx.credentialsId) {
    const path = `/v2/credentials/${ctx.credentialsId}`
    // Without port 80 only FULL_URI can carry the port (the SDKs accept 169.254.170.2 on any port there).
    if (ctx.credentialsMode === 'relative' && ctx.endpointPort === 80) {
      vars.set('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', path)
    } else {
      // The SDKs read RELATIVE_URI first and the token file before the token: drop the task's own, so the
      // agent's FULL_URI and token are the ones used.
      for (const k of TASK_OVERRIDDEN) vars.delete(k)
      vars.set('AWS_CONTAINER_CREDENTIALS_FULL_URI', `${base}${path}`)
    }
    if (ctx.credentialsMode === 'full-uri' && ctx.authorizationToken) {
      vars.set('AWS_CONTAINER_AUTHORIZATION_TOKEN', ctx.authorizationToken)
    }
    if (ctx.credentialsMode === 'full-uri-token-file' && ctx.tokenFilePath) {
      vars.set('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', ctx.tokenFilePath)
    }
  }
  vars.set('ECS_CONTAINER_METADATA_URI', `${base}/v3/${ctx.endpointId}`)
  vars.set('ECS_CONTAINER_METADATA_URI_V4', `${base}/v4/${ctx.endpointId}`)
  vars.set('ECS_AGENT_URI', `${base}/api/${ctx.endpointId}`)
  vars.set('AWS_EXECUTION_ENV', ctx.launchType === 'FARGATE' ? 'AWS_ECS_FARGATE' : 'AWS_ECS_EC2')
  const preset = new Set([...vars.keys(), ...names(ctx.imageEnv)])
  if (!preset.has('AWS_REGION') && !preset.has('AWS_DEFAULT_REGION')) {
    vars.set('AWS_REGION', ctx.region)
    vars.set('AWS_DEFAULT_REGION', ctx.region)
  }
  for (const [k, v] of Object.entries(ctx.defaults ?? {})) if (!preset.has(k)) vars.set(k, v)
  return [...vars].map(([k, v]) => `${k}=${v}`)
}
