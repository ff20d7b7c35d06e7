import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The package root (dist/ or src/ sit one level below it). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const EXAMPLE_TASK_DEFINITION = join(PACKAGE_ROOT, 'examples', 'hello', 'task-definition.json')
/** Ours, so it cannot be pulled: the daemon builds it locally (docker/exampleImage.ts). */
export const EXAMPLE_IMAGE = 'ecs-local/example-hello:latest'
