import type { Logger } from '../log.js'
import type { ContainerEngine, EngineEvent } from './engine.js'

export interface FollowOptions {
  onEvent(e: EngineEvent): void
  /** After the stream was lost and is back: events may have been missed, so state is read again. */
  onReconnect(): void | Promise<void>
  logger: Logger
  /** Waits between attempts to reconnect (the last repeats); tests pass short ones. */
  delaysMs?: readonly number[]
}

const DELAYS_MS = [250, 500, 1000, 2000, 5000]

/**
 * The engine's event stream, kept open: when it ends (the engine restarts, its socket drops), it is opened again
 * with backoff, and the daemon says so once when it is lost and once when it is back. Resolves once the first
 * stream is open, with a function that stops following.
 */
export async function followEngineEvents(engine: ContainerEngine, opts: FollowOptions): Promise<() => void> {
  const delays = opts.delaysMs ?? DELAYS_MS
  let stopped = false
  let close: (() => void) | undefined
  const open = (): Promise<() => void> => engine.events(opts.onEvent, (err) => void lost(err))

  const lost = async (err?: Error): Promise<void> => {
    if (stopped) return
    opts.logger.warn({ err }, 'lost the Docker engine (its event stream ended); reconnecting')
    for (let attempt = 0; !stopped; attempt++) {
      await new Promise((r) => setTimeout(r, delays[Math.min(attempt, delays.length - 1)]).unref())
      if (stopped) return
      try {
        close = await open()
      } catch {
        continue
      }
      if (stopped) return close()
      opts.logger.info({ attempts: attempt + 1 }, 'reconnected to the Docker engine')
      await Promise.resolve(opts.onReconnect()).catch((e: unknown) =>
        opts.logger.warn({ err: e }, 'could not re-read the engine state after reconnecting'),
      )
      return
    }
  }

  close = await open()
  return () => {
    stopped = true
    close?.()
  }
}
