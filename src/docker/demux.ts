/** The two output streams a container's multiplexed attach/logs stream carries. */
export type OutputStream = 'stdout' | 'stderr'

const HEADER_BYTES = 8
/** stdcopy's Systemerr: dockerd's own error messages on a logs stream ("Error grabbing logs: ..."). */
const SYSTEM_ERROR = 3

/**
 * Docker's multiplexed attach/logs stream (containers without a TTY): frames of an 8-byte header (stream type,
 * three zero bytes, payload size as uint32 big-endian) followed by the payload. Frames may be cut anywhere
 * across reads. Unlike docker-modem's demuxStream this copies nothing it does not have to, and it hands each
 * payload to a callback, so the caller can stop reading (backpressure) between reads. `first` is true for the
 * piece that begins a frame: on a logs stream, each frame is one log message. Frames of dockerd's own errors
 * (type 3) are handed to `onSystemError`, if given.
 * A TTY container's stream is not multiplexed at all (Docker copies the terminal's bytes as they are, stdout and
 * stderr merged): with `raw`, everything is stdout from the first byte. Without it, a stream that does not start
 * with a valid header is passed through as stdout too, as a fallback.
 */
export class Demuxer {
  readonly #header = Buffer.alloc(HEADER_BYTES)
  #headerFill = 0
  #remaining = 0
  #type: OutputStream | 'system' = 'stdout'
  #first = false
  #raw: boolean
  readonly onSystemError?: (data: Buffer) => void

  constructor(
    readonly onPayload: (stream: OutputStream, data: Buffer, first: boolean) => void,
    options: { raw?: boolean; onSystemError?: (data: Buffer) => void } = {},
  ) {
    this.#raw = options.raw ?? false
    this.onSystemError = options.onSystemError
  }

  write(chunk: Buffer): void {
    if (this.#raw) return this.onPayload('stdout', chunk, false)
    let at = 0
    while (at < chunk.length) {
      if (this.#remaining > 0) {
        const end = Math.min(chunk.length, at + this.#remaining)
        const data = chunk.subarray(at, end)
        if (this.#type === 'system') this.onSystemError?.(data)
        else this.onPayload(this.#type, data, this.#first)
        this.#first = false
        this.#remaining -= end - at
        at = end
        continue
      }
      const take = Math.min(HEADER_BYTES - this.#headerFill, chunk.length - at)
      chunk.copy(this.#header, this.#headerFill, at, at + take)
      this.#headerFill += take
      at += take
      if (this.#headerFill < HEADER_BYTES) return
      this.#headerFill = 0
      const kind = this.#header[0]
      if (kind !== 0 && kind !== 1 && kind !== 2 && kind !== SYSTEM_ERROR) {
        // Not multiplexed (or out of step): everything from here on is raw output.
        this.#raw = true
        this.onPayload('stdout', Buffer.concat([this.#header, chunk.subarray(at)]), false)
        return
      }
      this.#type = kind === SYSTEM_ERROR ? 'system' : kind === 2 ? 'stderr' : 'stdout'
      this.#first = true
      this.#remaining = this.#header.readUInt32BE(4)
    }
  }
}
