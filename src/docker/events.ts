import type { EngineEvent } from '../agent/engine.js'
import type { DockerClient } from './client.js'

interface DockerEventMessage {
  Type?: string
  Action?: string
  Actor?: { ID?: string; Attributes?: Record<string, string> }
}

/**
 * Follows the engine's container events. Docker sends one JSON object per line; the actor's attributes carry
 * the container's labels. Resolves once the stream is open with a function that closes it.
 */
export async function followEvents(docker: DockerClient, onEvent: (e: EngineEvent) => void): Promise<() => void> {
  const stream = (await docker.getEvents({ filters: { type: ['container'] } })) as NodeJS.ReadableStream & {
    destroy(): void
  }
  let rest = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.trim()) continue
      let m: DockerEventMessage
      try {
        m = JSON.parse(line) as DockerEventMessage
      } catch {
        continue // a torn line cannot be recovered; events are hints, state is read back with inspect
      }
      if (m.Type !== 'container' || !m.Action || !m.Actor?.ID) continue
      const { name: _name, image: _image, ...labels } = m.Actor.Attributes ?? {}
      onEvent({ action: m.Action, id: m.Actor.ID, labels })
    }
  })
  stream.on('error', () => {})
  return () => stream.destroy()
}
