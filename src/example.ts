import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { DockerClient } from './docker/client.js'
import { inspectImage, tagImage } from './docker/images.js'
import { ensureNodeImage } from './docker/nodeImage.js'

/** The package root (dist/ or src/ sit one level below it). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const EXAMPLE_TASK_DEFINITION = join(PACKAGE_ROOT, 'examples', 'hello', 'task-definition.json')
export const EXAMPLE_IMAGE = 'ecs-local/example-hello:latest'

/**
 * The bundled example's image cannot be pulled (it is ours), so it is assembled from this machine's node and
 * the package's own @aws-sdk/client-sts, when a task names it and the engine lacks it.
 */
export async function prepareExampleImage(docker: DockerClient, def: TaskDefinition): Promise<void> {
  if (!def.containerDefinitions?.some((c) => c.image === EXAMPLE_IMAGE)) return
  if (await inspectImage(docker, EXAMPLE_IMAGE)) return
  const ref = await ensureNodeImage(docker, {
    tag: 'ecs-local/example-hello',
    packages: ['@aws-sdk/client-sts'],
    nodeModulesDir: join(PACKAGE_ROOT, 'node_modules'),
    files: { '/app/app.mjs': join(PACKAGE_ROOT, 'examples', 'hello', 'app.mjs') },
    // The image runs this machine's node; the SDK's notice about Node 20 would only clutter the demo.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  await tagImage(docker, ref, EXAMPLE_IMAGE)
}
