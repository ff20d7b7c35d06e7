const NEWLINE = 0x0a

/** Complete lines of one stream, each with the stream offset just after it; with when each began to be logged. */
export interface Lines {
  lines: string[]
  ends: number[]
  times: number[] | undefined
}

/**
 * Cuts one stream's bytes into complete UTF-8 lines. It works on bytes, not decoded text, so each line's end is
 * its exact offset in the stream (bytes the container wrote, invalid UTF-8 included), counted from `offset`; a
 * character split across reads stays whole, since a line is decoded only once its '\n' has come.
 */
export class LineSplitter {
  #held: Buffer[] = []
  #heldBytes = 0
  /** When the held partial line began to be logged. */
  #heldTime: number | undefined
  /** The stream offset of the first held byte (of the next byte when none is held). */
  #offset: number

  constructor(offset = 0) {
    this.#offset = offset
  }

  /** `time`: when these bytes were logged (one message of the engine's log), if known. */
  push(data: Buffer, time?: number): Lines | undefined {
    const last = data.lastIndexOf(NEWLINE)
    if (last < 0) {
      if (data.length > 0) this.#hold(data, time)
      return undefined
    }
    const heldBytes = this.#heldBytes
    const buf = heldBytes > 0 ? Buffer.concat([...this.#held, data], heldBytes + data.length) : data
    const cut = heldBytes + last
    const lines = buf.toString('utf8', 0, cut).split('\n')
    const ends = new Array<number>(lines.length)
    for (let i = 0, at = -1; i < lines.length; i++) {
      at = buf.indexOf(NEWLINE, at + 1)
      ends[i] = this.#offset + at + 1
    }
    let times: number[] | undefined
    if (time !== undefined) {
      times = new Array<number>(lines.length).fill(time)
      if (heldBytes > 0) times[0] = this.#heldTime ?? time
    }
    this.#offset += cut + 1
    this.#held = []
    this.#heldBytes = 0
    if (last + 1 < data.length) this.#hold(data.subarray(last + 1), time)
    return { lines, ends, times }
  }

  /** What is held when the stream ends: a last line without '\n'. */
  end(): Lines | undefined {
    if (this.#heldBytes === 0) return undefined
    const line = Buffer.concat(this.#held, this.#heldBytes).toString('utf8')
    const end = this.#offset + this.#heldBytes
    const times = this.#heldTime === undefined ? undefined : [this.#heldTime]
    this.#offset = end
    this.#held = []
    this.#heldBytes = 0
    return { lines: [line], ends: [end], times }
  }

  #hold(data: Buffer, time: number | undefined): void {
    if (this.#heldBytes === 0) this.#heldTime = time
    this.#held.push(data)
    this.#heldBytes += data.length
  }
}
