import { dnsSuffix, regionIn } from '../arn.js'
import { createJsonService } from '../protocols/json.js'
import type { AwsService } from '../service.js'

export interface EcrOptions {
  /** The local AWS's region; an account of another partition gets that partition's default region. */
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
 * ECR's GetAuthorizationToken over JSON 1.1: base64("AWS:<password>"), valid 12 h, for the caller's registry (or
 * each registry id asked for, of any account). Pulls themselves go to the registry, which checks the password
 * with basic auth. IAM authorises it on '*', as AWS does: it names no repository.
 */
export function createEcrService(opts: EcrOptions): AwsService {
  const token = Buffer.from(`AWS:${opts.password}`).toString('base64')
  return createJsonService({
    name: 'ecr',
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
    validationCode: 'InvalidParameterException',
    actions: {
      GetAuthorizationToken: {
        parse: (f) => {
          const ids = f.strings('registryIds', 1, 10)
          const bad = ids?.find((id) => !/^[0-9]{12}$/.test(id))
          if (bad !== undefined)
            f.violation(`[${ids?.join(', ')}]`, 'registryIds', 'satisfy regular expression pattern: [0-9]{12}')
          return { input: ids }
        },
        run(registryIds: string[] | undefined, ctx) {
          const expiresAt = Math.floor(ctx.now / 1000) + TOKEN_SECONDS
          const { partition } = ctx.scope
          const host = (id: string) =>
            opts.registry ?? `${id}.dkr.ecr.${regionIn(partition, opts.region)}.${dnsSuffix(partition)}`
          return {
            authorizationData: (registryIds ?? [ctx.scope.accountId]).map((id) => ({
              authorizationToken: token,
              expiresAt,
              proxyEndpoint: endpoint(host(id)),
            })),
          }
        },
      },
    },
  })
}
