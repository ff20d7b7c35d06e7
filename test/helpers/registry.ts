import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { waitFor } from './docker.js'

const run = promisify(execFile)

export interface Registry {
  host: string
  /** Push a local image under this registry as `<host>/<repo>` and drop the local copy, so a task must pull it. */
  push(image: string, repo: string): Promise<string>
  /** Remove these references from the engine (if there), so the next task must pull. */
  forget(...refs: string[]): Promise<void>
  stop(): Promise<void>
}

/**
 * Debian's docker-registry (CNCF distribution) on 127.0.0.1:PORT with htpasswd basic auth for user AWS: what an
 * ECR pull looks like to the engine. 127.0.0.0/8 registries need no TLS.
 */
export async function startRegistry(password: string, port = 5000): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-local-registry-'))
  const { stdout } = await run('htpasswd', ['-Bbn', 'AWS', password])
  writeFileSync(join(dir, 'htpasswd'), stdout)
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'storage:',
      `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      'auth:',
      `  htpasswd: { realm: ecs-local-test, path: ${join(dir, 'htpasswd')} }`,
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' })
  const host = `127.0.0.1:${port}`
  await waitFor('registry', async () => {
    const r = await fetch(`http://${host}/v2/`).catch(() => undefined)
    return r?.status === 401 ? true : undefined
  })
  const dockerConfig = join(dir, 'docker-config')
  const env = { ...process.env, DOCKER_CONFIG: dockerConfig }
  await new Promise<void>((resolve, reject) => {
    const p = spawn('docker', ['login', host, '-u', 'AWS', '--password-stdin'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
    })
    p.stdin?.end(password)
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker login ${host} exited ${code}`))))
  })
  return {
    host,
    async push(image, repo) {
      const ref = `${host}/${repo}`
      await run('docker', ['tag', image, ref])
      await run('docker', ['push', ref], { env })
      await run('docker', ['rmi', ref])
      return ref
    },
    async forget(...refs) {
      for (const r of refs) await run('docker', ['rmi', '-f', r]).catch(() => undefined)
    },
    async stop() {
      child.kill()
    },
  }
}
