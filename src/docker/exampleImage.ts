import { join } from 'node:path'
import { EXAMPLE_IMAGE, PACKAGE_ROOT } from '../example.js'
import type { DockerClient } from './client.js'
import { inspectImage, tagImage } from './images.js'
import { ensureNodeImage } from './nodeImage.js'

/**
 * The images ecs-local makes itself instead of pulling: the bundled example's, assembled from this machine's node
 * and the package's own @aws-sdk/client-sts when a task names it and the engine lacks it. Resolves true when
 * `ref` is one of them (and now present), false for any other image.
 */
export async function provideLocalImage(docker: DockerClient, ref: string): Promise<boolean> {
  if (ref !== EXAMPLE_IMAGE) return false
  if (await inspectImage(docker, EXAMPLE_IMAGE)) return true
  const built = await ensureNodeImage(docker, {
    tag: 'ecs-local/example-hello',
    packages: ['@aws-sdk/client-sts'],
    nodeModulesDir: join(PACKAGE_ROOT, 'node_modules'),
    files: { '/app/app.mjs': join(PACKAGE_ROOT, 'examples', 'hello', 'app.mjs') },
    // The image runs this machine's node; the SDK's notice about Node 20 would only clutter the demo.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  await tagImage(docker, built, EXAMPLE_IMAGE)
  return true
}
