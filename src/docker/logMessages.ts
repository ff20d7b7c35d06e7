import type { OutputPosition } from '../model/outputPosition.js'
import type { OutputStream } from './demux.js'
import { LineSplitter, type Lines } from './lineSplitter.js'

const SPACE = 0x20
const NEWLINE = 0x0a
/** RFC3339Nano with a zone is at most 35 characters; anything longer is not a timestamp. */
const MAX_STAMP = 40

/**
 * The demuxed payload of `GET /containers/{id}/logs?timestamps=1`: each frame is one log message,
 * "<RFC3339Nano timestamp> <content>" (moby httputils.WriteLogStream), and a line longer than the log driver's
 * buffer (16 KiB for json-file) comes as several messages, each with its own prefix. Only content bytes count:
 * they are what the container wrote, so offsets match those its attach stream gave. The first `from` bytes of
 * each stream are skipped; every later line is stamped with the time its first byte was logged. `onMismatch` is
 * called once per stream when the skip does not end just after a '\n': the log does not hold the output from the
 * container's start (a rotated or lossy log driver), so the position cannot be trusted.
 */
export class LogMessages {
  readonly #splitters: Record<OutputStream, LineSplitter>
  readonly #skip: OutputPosition
  /** The current message's prefix while it is being read. */
  #stamp: number[] | undefined
  /** The prefix read; its time is parsed only once content of the message is kept (skipped ones need none). */
  #text = ''
  #time: number | undefined

  constructor(
    from: OutputPosition,
    readonly onMismatch?: (stream: OutputStream) => void,
  ) {
    this.#skip = { ...from }
    this.#splitters = { stdout: new LineSplitter(from.stdout), stderr: new LineSplitter(from.stderr) }
  }

  /** One demuxed piece; `first` when it begins a message. */
  payload(stream: OutputStream, data: Buffer, first: boolean): Lines | undefined {
    if (first) this.#stamp = []
    if (this.#stamp) {
      const stamp = this.#stamp
      const space = data.indexOf(SPACE)
      const take = space < 0 ? data.length : space
      if (stamp.length + take > MAX_STAMP) {
        // Not a timestamped message after all: what was taken for its prefix is content.
        this.#stamp = undefined
        this.#text = ''
        this.#time = Date.now()
        data = Buffer.concat([Buffer.from(stamp), data])
      } else if (space < 0) {
        for (let i = 0; i < take; i++) stamp.push(data[i]!)
        return undefined
      } else {
        // Nearly always the whole prefix is in this piece.
        this.#text = (stamp.length > 0 ? String.fromCharCode(...stamp) : '') + data.toString('latin1', 0, space)
        this.#stamp = undefined
        this.#time = undefined
        data = data.subarray(space + 1)
      }
    }
    const skip = this.#skip[stream]
    if (skip > 0) {
      const n = Math.min(skip, data.length)
      this.#skip[stream] = skip - n
      if (this.#skip[stream] === 0 && n > 0 && data[n - 1] !== NEWLINE) this.onMismatch?.(stream)
      data = data.subarray(n)
    }
    if (data.length === 0) return undefined
    if (this.#time === undefined) {
      const ms = Date.parse(this.#text)
      this.#time = Number.isNaN(ms) ? Date.now() : ms
    }
    return this.#splitters[stream].push(data, this.#time)
  }

  /** The stream ended: its last line, if it had no '\n'. */
  end(stream: OutputStream): Lines | undefined {
    return this.#splitters[stream].end()
  }
}
