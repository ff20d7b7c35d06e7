import { createJsonService } from '../protocols/json.js'
import type { AwsService } from '../service.js'

export interface EcrOptions {
  accountId: string
  region: string
  /** The password every token carries; a Docker registry's htpasswd entry for user AWS must match it. */
  password: string
  /** host[:port] of the registry standing in for ECR, e.g. 127.0.0.1:5000; else the account's real ECR host. */
  registry?: string
}

/** ECR tokens last 12 hours. */
const TOKEN_SECONDS = 12 * 60 * 60

function endpoint(registry: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(registry) ? registry : `https://${registry}`
}

/**
 * ECR's GetAuthorizationToken over JSON 1.1: base64("AWS:<password>"), valid 12 h, for the local registry (or
 * each registry id asked for). Pulls themselves go to the registry, which checks the password with basic auth.
 */
export function createEcrService(opts: EcrOptions): AwsService {
  const token = Buffer.from(`AWS:${opts.password}`).toString('base64')
  const registryFor = (id: string) => opts.registry ?? `${id}.dkr.ecr.${opts.region}.amazonaws.com`
  return createJsonService({
    name: 'ecr',
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
    validationCode: 'InvalidParameterException',
    actions: {
      GetAuthorizationToken: {
        parse: (f) => ({ input: f.strings('registryIds', 1, 10) }),
        run(registryIds: string[] | undefined, ctx) {
          const expiresAt = Math.floor(ctx.now / 1000) + TOKEN_SECONDS
          const ids = registryIds ?? [opts.accountId]
          return {
            authorizationData: ids.map((id) => ({
              authorizationToken: token,
              expiresAt,
              proxyEndpoint: endpoint(registryFor(id)),
            })),
          }
        },
      },
    },
  })
}
