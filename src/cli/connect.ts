import { spawn } from 'node:child_process'
import { mkdir, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { daemonSettings, type Config, type ConfigFlags } from '../config.js'
import { ControlClient } from '../control/client.js'
import type { DaemonInfo } from '../control/protocol.js'
import { ERRORS } from '../errors.js'
import { daemonArgs } from './args.js'
import { askedSettings, differingSetting } from './daemonSettings.js'

/** How long an auto-started daemon lingers with no task and no client. */
export const AUTO_IDLE_SECONDS = 30

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The running daemon's client, or a new daemon started in the background when none answers, so that
 * parallel `run`s share one endpoint as tasks on one ECS host share one agent.
 */
export async function connectDaemon(
  config: Config,
  flags: ConfigFlags,
): Promise<{ client: ControlClient; info: DaemonInfo; started: boolean; restarted?: string }> {
  const client = new ControlClient(config.controlSocket)
  let info = await client.info().catch(() => undefined)
  let started = false
  let restarted: string | undefined
  if (info) {
    const differs = differingSetting(info, askedSettings(daemonSettings(config), flags))
    if (differs) {
      // An idle daemon an earlier `run` left in the background is ours to replace; one started by hand, or
      // one with tasks, is someone's: refuse, naming the setting.
      const busy = info.idleExit ? (await client.tasks()).length : 0
      if (!info.idleExit || busy > 0) {
        await client.close()
        const why = info.idleExit ? `it runs ${busy} task(s)` : 'it was started with ecs-local daemon'
        throw new ERRORS.ECSL_ERR_DAEMON_MISMATCH(differs.running, `${differs.wanted} (${why})`)
      }
      await stopDaemon(client, info.pid)
      info = undefined
      restarted = `${differs.running} -> ${differs.wanted}`
    }
  }
  if (!info) {
    info = await startInBackground(client, config, flags)
    started = true
  }
  return { client, info, started, ...(restarted && { restarted }) }
}

/**
 * Asks the daemon to stop and waits until its process has gone: it lets go of the one-daemon lock last, and a
 * successor started before that would find the lock held and exit.
 */
export async function stopDaemon(client: ControlClient, pid: number): Promise<void> {
  await client.shutdown().catch(() => undefined)
  const alive = (): boolean => {
    try {
      process.kill(pid, 0)
      return true
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM'
    }
  }
  for (let i = 0; i < 300; i++) {
    if (!alive()) return
    await sleep(100)
  }
  throw new ERRORS.ECSL_ERR_DAEMON('the idle background daemon did not stop within 30 s')
}

async function startInBackground(client: ControlClient, config: Config, flags: ConfigFlags): Promise<DaemonInfo> {
  // A daemon needs an engine: say so now, in words a user can act on, rather than from the daemon's log. Loaded
  // here: only a cold start needs it, and loading undici costs a warm `run` about 20 MB and 0.3 s.
  const { pingEngine } = await import('../docker/ping.js')
  await pingEngine(config.dockerSocket).catch((e: unknown) => {
    throw new ERRORS.ECSL_ERR_DOCKER_UNAVAILABLE(`unix://${config.dockerSocket}`, { cause: e })
  })
  await mkdir(config.stateDir, { recursive: true, mode: 0o700 })
  const logPath = join(config.stateDir, 'daemon.log')
  const log = await open(logPath, 'a', 0o600)
  const main = fileURLToPath(new URL('./main.js', import.meta.url))
  const args = [main, 'daemon', '--idle-exit', String(AUTO_IDLE_SECONDS), ...daemonArgs(flags)]
  // The daemon keeps the file it writes to under a bound (logRotation.ts): it is told which file that is.
  const env = { ...process.env, ECS_LOCAL_DAEMON_LOG: logPath }
  const child = spawn(process.execPath, args, { detached: true, env, stdio: ['ignore', log.fd, log.fd] })
  child.unref()
  await log.close()
  for (let i = 0; i < 300; i++) {
    const info = await client.info().catch(() => undefined)
    if (info) return info
    // A daemon that lost the race to another one exits at once; keep asking, the winner answers soon after.
    await sleep(100)
  }
  const tail = (await readFile(logPath, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n')
  throw new ERRORS.ECSL_ERR_DAEMON(`the background daemon did not start (log ${logPath}):\n${tail}`)
}
