import { spawn } from 'node:child_process'
import { mkdir, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Config, ConfigFlags } from '../config.js'
import { ControlClient } from '../control/client.js'
import type { DaemonInfo } from '../control/protocol.js'
import { ERRORS } from '../errors.js'
import { daemonArgs } from './args.js'

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
): Promise<{ client: ControlClient; info: DaemonInfo; started: boolean }> {
  const client = new ControlClient(config.controlSocket)
  let info = await client.info().catch(() => undefined)
  let started = false
  if (!info) {
    info = await startInBackground(client, config, flags)
    started = true
  }
  if (info.aws !== config.aws) {
    await client.close()
    throw new ERRORS.ECSL_ERR_DAEMON_MISMATCH(`--aws ${info.aws}`, `--aws ${config.aws}`)
  }
  return { client, info, started }
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
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log.fd, log.fd] })
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
