import type { StatsSample } from '../model/stats.js'
import type { DockerClient } from './client.js'
import { onJsonLines } from './jsonLines.js'

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
  onJsonLines(stream, (sample) => onSample(sample as StatsSample))
  return () => stream.destroy()
}
