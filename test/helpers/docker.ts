import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The Docker id of a task's container, found by the labels the agent sets. */
export async function containerOf(taskArn: string, name: string): Promise<string> {
  const { stdout } = await run('docker', [
    'ps',
    '-q',
    '--no-trunc',
    '--filter',
    `label=com.amazonaws.ecs.task-arn=${taskArn}`,
    '--filter',
    `label=com.amazonaws.ecs.container-name=${name}`,
  ])
  const id = stdout.trim()
  if (!id) throw new Error(`no running container ${name} in ${taskArn}`)
  return id
}

export async function containerEnv(id: string): Promise<Record<string, string>> {
  const { stdout } = await run('docker', ['inspect', '--format', '{{json .Config.Env}}', id])
  const list = JSON.parse(stdout) as string[]
  return Object.fromEntries(list.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]))
}

/** Run a node script inside a running container (it shares the task's network namespace). */
export async function nodeExec(id: string, script: string): Promise<string> {
  const { stdout } = await run('docker', ['exec', id, 'node', '--input-type=module', '-e', script], {
    timeout: 60_000,
  })
  return stdout
}

/** Containers still carrying the ecs-local label. */
export async function managedContainers(): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', 'label=ecs-local'])
  return stdout.split('\n').filter(Boolean)
}

export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 60_000) {
  const until = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v !== undefined && v !== false) return v as T
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
