import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { DockerClient } from '../docker/client.js'
import { inspectImage } from '../docker/images.js'
import { pullImage, type RegistryAuth } from '../docker/pull.js'
import { ERRORS } from '../errors.js'
import type { Logger } from '../log.js'

/**
 * --pull: always, missing (only what the engine lacks), never, or the agent's default: pull, and fall back
 * to the cached image when the pull fails (ECS_IMAGE_PULL_BEHAVIOR=default).
 */
export const PULL_POLICIES = ['default', 'always', 'missing', 'never'] as const
export type PullPolicy = (typeof PULL_POLICIES)[number]

export interface PullProgress {
  image: string
  layer?: string
  status: string
}

export interface ImageContext {
  docker: DockerClient
  policy: PullPolicy
  logger: Logger
  /** Registry credentials for a container's image (execution role), fetched only when a pull happens. */
  auth(def: ContainerDefinition): Promise<RegistryAuth | undefined>
  onProgress(p: PullProgress): void
}

/** Makes every image present per the policy; returns each image's own env (for the region defaults). */
export async function ensureImages(defs: ContainerDefinition[], ctx: ImageContext): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  for (const def of defs) {
    const image = def.image as string
    if (out.has(image)) continue
    let present = await inspectImage(ctx.docker, image)
    const pull = ctx.policy === 'always' || ctx.policy === 'default' || (ctx.policy === 'missing' && !present)
    if (pull) {
      const auth = await ctx.auth(def)
      try {
        let last = ''
        await pullImage(ctx.docker, image, auth, (e) => {
          // One line per layer state change, not every progress tick.
          const key = `${e.id ?? ''} ${e.status ?? ''}`
          if (e.status && key !== last) ctx.onProgress({ image, layer: e.id, status: e.status })
          last = key
        })
        present = await inspectImage(ctx.docker, image)
      } catch (e) {
        if (!(ctx.policy === 'default' && present)) {
          throw new ERRORS.ECSL_ERR_IMAGE(image, `CannotPullContainerError: ${(e as Error).message}`, { cause: e })
        }
        ctx.logger.warn({ image, err: (e as Error).message }, 'pull failed; using the cached image')
      }
    }
    if (!present) {
      throw new ERRORS.ECSL_ERR_IMAGE(image, 'not on the engine, and --pull never forbids pulling it')
    }
    out.set(image, present.env)
  }
  return out
}
