import type { StatsSample } from '../model/stats.js'
import type { DockerClient } from './client.js'

/**
 * Follows a container's stats stream: Docker sends a sample about every second, each already carrying the
 * previous CPU reading (precpu_stats). Resolves once the stream is open with a function that closes it.
 */
export async function followStats(
  docker: DockerClient,
  id: string,
  onSample: (s: StatsSample) => void,
): Promise<() => void> {
  const stream = (await docker.getContainer(id).stats({ stream: true })) as unknown as NodeJS.ReadableStream & {
    destroy(): void
  }
  let rest = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.trim()) continue
      try {
        onSample(JSON.parse(line) as StatsSample)
      } catch {
        // A torn or foreign line: the next sample comes within a second.
      }
    }
  })
  stream.on('error', () => {})
  return () => stream.destroy()
}
