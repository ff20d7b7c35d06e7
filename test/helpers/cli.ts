import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ControlClient } from '../../src/control/client.js'

/** The built CLI: tests drive the product as users do (npm test builds first). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

export interface Exited {
  code: number | null
  stdout: string
  stderr: string
}

export interface Running {
  child: ChildProcess
  stdout(): string
  stderr(): string
  exited: Promise<Exited>
}

/** Start `ecs-local ARGS` with its own state dir; output is collected. */
export function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<Exited>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: out, stderr: err })),
  )
  return { child, stdout: () => out, stderr: () => err, exited }
}

export function cli(args: string[], env: Record<string, string> = {}): Promise<Exited> {
  return start(args, env).exited
}

export function newStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'ecs-local-test-'))
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * A foreground `daemon --aws local` on a given state dir (a restart test's second daemon takes the first's), and
 * a client, once it answers.
 */
export async function daemonOn(stateDir: string): Promise<{
  daemon: Running
  client: ControlClient
  env: Record<string, string>
}> {
  const env = { ECS_LOCAL_STATE_DIR: stateDir }
  const daemon = start(['daemon', '--aws', 'local'], env)
  const client = new ControlClient(join(stateDir, 'control.sock'))
  for (let i = 0; i < 300; i++) {
    if (await client.info().catch(() => undefined)) return { daemon, client, env }
    if (daemon.child.exitCode !== null) throw new Error(`daemon exited: ${daemon.stderr()}`)
    await sleep(100)
  }
  throw new Error(`the daemon on ${stateDir} did not answer within 30 s: ${daemon.stderr()}`)
}

/**
 * A foreground daemon for one test file, with its own state dir and flags; the returned stop() ends it
 * (and every task it runs). Any daemon left on the default socket is stopped first: one per engine.
 */
export async function startDaemon(flags: string[]): Promise<{
  stateDir: string
  env: Record<string, string>
  client: ControlClient
  daemon: Running
  stop(): Promise<void>
}> {
  await cli(['daemon', 'stop'])
  const stateDir = newStateDir()
  const env = { ECS_LOCAL_STATE_DIR: stateDir }
  const daemon = start(['daemon', ...flags], env)
  const client = new ControlClient(join(stateDir, 'control.sock'))
  for (let i = 0; i < 300; i++) {
    if (await client.info().catch(() => undefined)) break
    if (daemon.child.exitCode !== null) throw new Error(`daemon exited: ${daemon.stderr()}`)
    await sleep(100)
  }
  return {
    stateDir,
    env,
    client,
    daemon,
    async stop() {
      daemon.child.kill('SIGTERM')
      await daemon.exited
      await client.close()
    },
  }
}
