import { loadConfig } from '../config.js'
import { ControlClient } from '../control/client.js'
import { createLogger } from '../log.js'
import { parse } from './args.js'

/** `ecs-local daemon` (foreground) and `ecs-local daemon stop`. */
export async function daemonCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parse(argv)
  const config = loadConfig(flags)
  if (positionals[0] === 'stop') return stopDaemon(config.controlSocket)
  if (positionals[0] !== undefined)
    throw new Error(`unknown daemon command ${positionals[0]} (try: daemon, daemon stop)`)
  const logger = createLogger({ level: config.logLevel })
  // Loaded here: the daemon's module graph is large, and the other commands never need it.
  const { startDaemon } = await import('../daemon.js')
  const daemon = await startDaemon(config, logger)
  const onSignal = (s: string): void => void daemon.shutdown(s)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  await daemon.stopped
  return 0
}

async function stopDaemon(socket: string): Promise<number> {
  const client = new ControlClient(socket)
  const info = await client.info().catch(() => undefined)
  if (!info) {
    process.stderr.write('ecs-local: no daemon is running\n')
    await client.close()
    return 0
  }
  await client.shutdown()
  for (let i = 0; i < 600 && (await client.info().catch(() => undefined)); i++)
    await new Promise((r) => setTimeout(r, 100))
  await client.close()
  process.stderr.write(`ecs-local: daemon ${info.pid} stopped\n`)
  return 0
}
