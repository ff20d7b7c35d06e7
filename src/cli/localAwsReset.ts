import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadConfig } from '../config.js'
import { ControlClient } from '../control/client.js'
import { takeDaemonLock } from '../daemonLock.js'
import { ERRORS } from '../errors.js'
import { parse } from './args.js'
import { stopDaemon } from './connect.js'

/**
 * `ecs-local local-aws reset`: forgets every key the local AWS issued and everything written to it (log events,
 * secrets, parameters, objects, the call log); the next daemon starts from the seed alone. A daemon that uses
 * that state must not be running: an idle one an earlier `run` left in the background is stopped (the next
 * `run` starts another); one with tasks, or started by hand, is someone's, and the reset refuses.
 */
export async function resetCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parse(argv)
  if (positionals.length) throw new ERRORS.ECSL_ERR_CONFIG(`local-aws reset takes no argument, not ${positionals[0]}`)
  const config = loadConfig(flags)
  const client = new ControlClient(config.controlSocket)
  // A daemon without --aws local never reads that state: it may run on; it holds the lock, so none is taken.
  let others = false
  try {
    const info = await client.info().catch(() => undefined)
    others = info !== undefined && !info.localAwsEndpoint
    if (info?.localAwsEndpoint) {
      const tasks = (await client.tasks()).length
      if (!info.idleExit || tasks > 0) {
        const why = tasks > 0 ? `it runs ${tasks} task(s)` : 'it was started with ecs-local daemon'
        throw new ERRORS.ECSL_ERR_DAEMON(
          `the local AWS's state is in use by daemon ${info.pid} (${why}); stop it first (ecs-local daemon stop), then reset`,
        )
      }
      await stopDaemon(client, info.pid)
      process.stderr.write(`ecs-local: stopped the idle background daemon ${info.pid}\n`)
    }
  } finally {
    await client.close()
  }
  // Held while removing, so that no daemon starts on a half-removed state.
  const lock = others ? undefined : takeDaemonLock(join(config.stateDir, 'daemon.lock'))
  const release = await lock?.catch((e: unknown) => {
    // No state directory at all: nothing to clear, and no daemon to keep out.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    return undefined
  })
  try {
    await rm(config.localAws.stateDir, { recursive: true, force: true })
  } finally {
    await release?.()
  }
  process.stderr.write(`ecs-local: cleared the local AWS's state (${config.localAws.stateDir})\n`)
  return 0
}
