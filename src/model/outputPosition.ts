/** A container's two output streams. */
export type OutputStreamName = 'stdout' | 'stderr'

/**
 * How far into a container's output something has got: bytes of each stream, counted from the container's start
 * (what its attach stream carried, which is what the engine's log keeps), always just after a line's '\n'.
 */
export interface OutputPosition {
  stdout: number
  stderr: number
}

/**
 * Where a run of lines came from: their stream and, per line, the stream offset just after it (its '\n'
 * included); per line too, when the engine gave it, the time the engine logged the line (ms since the epoch).
 */
export interface LineSource {
  stream: OutputStreamName
  ends: readonly number[]
  times?: readonly number[]
}
