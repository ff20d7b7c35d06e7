import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { promisify } from 'node:util'
import { createDockerClient, type DockerClient } from '../../src/docker/client.js'
import { ensureNodeImage } from '../../src/docker/nodeImage.js'

const run = promisify(execFile)
const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url))

/** Where the test client script sits inside the node-sdk image. */
export const WHOAMI = '/app/whoami.mjs'

/**
 * Debian trixie with awscli v2 and python3-boto3, built by debootstrap + docker import (minutes the first
 * time, instant once the tag exists). Returns the tag. Needs root and debootstrap, as in CI.
 */
export async function ensureAwscliImage(): Promise<string> {
  const script = here('../images/awscli/build.sh')
  let stdout: string
  try {
    // Generous buffer: debootstrap logs go to stderr, which is kept for the error message.
    ;({ stdout } = await run('bash', [script], { maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60 * 1000 }))
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '').slice(-4000)
    throw new Error(`${script} failed:\n${stderr}`, { cause: err })
  }
  const tag = stdout.trim().split('\n').pop()
  if (!tag) throw new Error(`${script} printed no tag`)
  return tag
}

/**
 * Node with the real AWS SDK v3 (@aws-sdk/client-sts, @aws-sdk/credential-providers) from this repo's
 * node_modules, plus the test client at WHOAMI. `node /app/whoami.mjs [EVERY FOR]` is the default command.
 */
export function ensureNodeSdkImage(docker: DockerClient = createDockerClient()): Promise<string> {
  return ensureNodeImage(docker, {
    tag: 'ecs-local-test/node-sdk',
    packages: [
      '@aws-sdk/client-sts',
      '@aws-sdk/credential-providers',
      '@aws-sdk/client-ecr',
      '@aws-sdk/client-cloudwatch-logs',
    ],
    nodeModulesDir: here('../../node_modules'),
    files: { [WHOAMI]: here('../images/node-sdk/whoami.mjs') },
    cmd: ['node', WHOAMI],
    // The SDK's own switch for its Node 20 end-of-support warning, which would otherwise mix into test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Not the daemon's ecs-local=true: containers inherit image labels and the daemon sweeps those at start.
    labels: { 'ecs-local-test': 'true' },
  })
}

/** Where the S3-and-Logs test app sits inside the node-app image. */
export const READ_AND_LOG = '/app/readAndLog.mjs'

/**
 * Node with the real AWS SDK v3 S3 and CloudWatch Logs clients from this repo's node_modules, and the test app at
 * READ_AND_LOG as the default command: it reads an S3 object and writes a log stream (see the script's header).
 */
export function ensureNodeAppImage(docker: DockerClient = createDockerClient()): Promise<string> {
  return ensureNodeImage(docker, {
    tag: 'ecs-local-test/node-app',
    packages: ['@aws-sdk/client-s3', '@aws-sdk/client-cloudwatch-logs'],
    nodeModulesDir: here('../../node_modules'),
    files: { [READ_AND_LOG]: here('../images/node-sdk/readAndLog.mjs') },
    cmd: ['node', READ_AND_LOG],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    labels: { 'ecs-local-test': 'true' },
  })
}

/** Runs a command in a fresh container of `image` (no network: nothing here may reach out) and returns its output. */
export async function runIn(t: Test, docker: DockerClient, image: string, cmd: string[]) {
  const name = `ecs-local-test-${randomBytes(4).toString('hex')}`
  // A TTY gives the raw output, no stdout/stderr multiplexing frames to strip.
  const container = await docker.createContainer({
    name,
    Image: image,
    Cmd: cmd,
    Tty: true,
    HostConfig: { NetworkMode: 'none' },
  })
  t.teardown(() => container.remove({ force: true }).catch(() => undefined))
  await container.start()
  const { StatusCode } = (await container.wait()) as { StatusCode: number }
  const output = (await container.logs({ stdout: true, stderr: true })).toString('utf8')
  return { code: StatusCode, output: output.trim() }
}
