// Shared by the benches: the plain Node image their tasks and baselines run, assembled from this machine (no pull).
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDockerClient } from '../dist/docker/client.js'
import { ensureNodeImage } from '../dist/docker/nodeImage.js'

const root = fileURLToPath(new URL('..', import.meta.url))

/** `ecs-local-bench/node:<hash>`: node and nothing else; reused while its inputs are unchanged. */
export function benchNodeImage() {
  return ensureNodeImage(createDockerClient(), {
    tag: 'ecs-local-bench/node',
    packages: [],
    nodeModulesDir: join(root, 'node_modules'),
    labels: { 'ecs-local-bench': 'true' },
  })
}
