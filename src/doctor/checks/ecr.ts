import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { ecrRegion, isEcrImage, registryOf } from '../../aws/ecrRegistry.js'
import type { Config } from '../../config.js'
import { describe, endpointHost, errnoCode, networkFix } from '../failure.js'
import type { DoctorProbes, Reach } from '../probes.js'
import { fail, ok, skip, type CheckResult } from '../result.js'

/** ECR images of the task, by the region whose ECR API issues their token (as agent/executionRole.ts picks it). */
export function ecrImagesByRegion(def: TaskDefinition, config: Config): Map<string, string[]> {
  const byRegion = new Map<string, string[]>()
  for (const c of def.containerDefinitions ?? []) {
    if (!c.image || !isEcrImage(c.image, config.ecrRegistries)) continue
    const region = ecrRegion(registryOf(c.image)) ?? config.region
    byRegion.set(region, [...(byRegion.get(region) ?? []), c.image])
  }
  return byRegion
}

function result(region: string, images: string[], reach: Reach): CheckResult {
  const name = `ecr ${region}`
  const host = endpointHost(reach.endpoint, `api.ecr.${region}.amazonaws.com`)
  const what = `${images.join(', ')} need${images.length === 1 ? 's' : ''} an authorization token from ${host}`
  if (reach.ok) return ok(name, `${host} answers${reach.status ? ` (HTTP ${reach.status})` : ''}; ${what}`)
  const code = errnoCode(reach.error) ?? ''
  // A proxy that re-signs TLS is reachable but not trusted: node needs its CA, not another route.
  const fix = /CERT|SSL|TLS/.test(code)
    ? `the TLS certificate of ${host} is not trusted (a TLS-inspecting proxy?): give node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`
    : networkFix(host)
  return fail(name, `${host} does not answer: ${describe(reach.error)}; ${what}`, fix, {
    code: 'ECSL_ERR_RESOURCE_INIT',
  })
}

/** Whether the ECR API that the task's ECR images need answers from here, one line per region. */
export async function checkEcr(probes: DoctorProbes, config: Config, def: TaskDefinition): Promise<CheckResult[]> {
  const byRegion = ecrImagesByRegion(def, config)
  if (!byRegion.size) return [skip('ecr', 'no ECR image in the task definition')]
  if (config.aws === 'local') {
    return [skip('ecr', '--aws local: ECR authorization tokens come from the embedded local AWS')]
  }
  return Promise.all(
    [...byRegion].map(async ([region, images]) => result(region, images, await probes.ecrEndpoint(region))),
  )
}
