import type { EngineEvent } from '../agent/engine.js'
import type { DockerClient } from './client.js'
import { onJsonLines } from './jsonLines.js'

interface DockerEventMessage {
  Type?: string
  Action?: string
  Actor?: { ID?: string; Attributes?: Record<string, string> }
}

/**
 * Follows the engine's container events. Docker sends one JSON object per line; the actor's attributes carry
 * the container's labels. Resolves once the stream is open with a function that closes it.
 */
export async function followEvents(
  docker: DockerClient,
  onEvent: (e: EngineEvent) => void,
  onEnd?: (err?: Error) => void,
): Promise<() => void> {
  const stream = (await docker.getEvents({ filters: { type: ['container'] } })) as NodeJS.ReadableStream & {
    destroy(): void
  }
  onJsonLines(stream, (value) => {
    const m = value as DockerEventMessage
    if (m.Type !== 'container' || !m.Action || !m.Actor?.ID) return
    const { name: _name, image: _image, ...labels } = m.Actor.Attributes ?? {}
    onEvent({ action: m.Action, id: m.Actor.ID, labels })
  })
  let ended = false
  const end = (err?: Error): void => {
    if (ended) return
    ended = true
    onEnd?.(err)
  }
  stream.on('end', () => end())
  stream.on('close', () => end())
  stream.on('error', (e: Error) => end(e))
  return () => {
    ended = true
    stream.destroy()
  }
}
