import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import type { Logger } from '../log.js'
import type { RegistryAuth } from '../model/credentials.js'
import type { PullPolicy } from '../model/settings.js'
import type { ContainerEngine } from './engine.js'

export interface PullProgress {
  image: string
  layer?: string
  status: string
}

export interface ImageContext {
  engine: ContainerEngine
  policy: PullPolicy
  logger: Logger
  /** Registry credentials for a container's image (execution role), fetched only when a pull happens. */
  auth(def: ContainerDefinition): Promise<RegistryAuth | undefined>
  onProgress(p: PullProgress): void
  /** The image is present (pulled, or cached where the policy allows). */
  onReady(image: string): void
  /** Provides the images ecs-local makes itself; true when it did (no pull then). */
  local?: (image: string) => Promise<boolean>
}

/** Makes every image present per the policy; returns each image's own env (for the region defaults). */
export async function ensureImages(defs: ContainerDefinition[], ctx: ImageContext): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  for (const def of defs) {
    const image = def.image as string
    if (out.has(image)) continue
    if (await ctx.local?.(image)) {
      out.set(image, (await ctx.engine.inspectImage(image))?.env ?? [])
      ctx.onReady(image)
      continue
    }
    let present = await ctx.engine.inspectImage(image)
    const pull = ctx.policy === 'always' || ctx.policy === 'default' || (ctx.policy === 'missing' && !present)
    if (pull) {
      const auth = await ctx.auth(def)
      try {
        let last = ''
        await ctx.engine.pull(image, auth, (e) => {
          // One line per layer state change, not every progress tick.
          const key = `${e.id ?? ''} ${e.status ?? ''}`
          if (e.status && key !== last) ctx.onProgress({ image, layer: e.id, status: e.status })
          last = key
        })
        present = await ctx.engine.inspectImage(image)
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
    ctx.onReady(image)
  }
  return out
}
