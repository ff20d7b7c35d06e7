import type { ImageInfo } from '../agent/engine.js'
import type { DockerClient } from './client.js'

/** undefined when the engine does not have the image. */
export async function inspectImage(docker: DockerClient, ref: string): Promise<ImageInfo | undefined> {
  try {
    const info = await docker.getImage(ref).inspect()
    return { id: info.Id, env: info.Config?.Env ?? [] }
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined
    throw e
  }
}

export async function engineInfo(docker: DockerClient): Promise<{ version: string; apiVersion: string; arch: string }> {
  const v = await docker.version()
  return { version: v.Version, apiVersion: v.ApiVersion, arch: v.Arch }
}

/** Give an image another name (repo:tag), e.g. a stable alias for a content-hashed build. */
export async function tagImage(docker: DockerClient, ref: string, alias: string): Promise<void> {
  const i = alias.lastIndexOf(':')
  await docker.getImage(ref).tag({ repo: alias.slice(0, i), tag: alias.slice(i + 1) })
}
