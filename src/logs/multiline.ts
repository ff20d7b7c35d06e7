import { MAX_EVENT_MESSAGE_BYTES } from '../model/cloudWatchLogsLimits.js'
import type { LogEvent } from './batcher.js'
import { strftimeToRegExp } from './strftime.js'

/**
 * Multiline records with Docker's awslogs semantics: a line matching the start pattern opens a new record;
 * any other line continues the pending one. Each line of a record keeps a trailing '\n' (Docker's driver
 * appends one per line, so records end in '\n'). A record is also cut before it would outgrow one event, and
 * a pending record is let go once it is a flush interval old (Docker checks on each batch tick) or at close.
 */
export class MultilineGrouper {
  #lines: string[] = []
  #bytes = 0
  #timestamp = 0

  constructor(
    readonly pattern: RegExp,
    readonly maxEventBytes = MAX_EVENT_MESSAGE_BYTES,
  ) {
    // A global or sticky RegExp keeps lastIndex between test() calls and would skip matches.
    if (pattern.global || pattern.sticky) this.pattern = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
  }

  /** UTF-8 bytes held in the pending record; they count against the forwarder's buffer. */
  get pendingBytes(): number {
    return this.#bytes
  }

  /** Adds one line; returns the record it completed, if any. */
  push(line: string, timestamp: number): LogEvent[] {
    const lineBytes = Buffer.byteLength(line, 'utf8')
    const done: LogEvent[] = []
    if (this.#lines.length > 0 && (this.pattern.test(line) || this.#bytes + lineBytes > this.maxEventBytes)) {
      done.push(...this.flush())
    }
    if (this.#lines.length === 0) this.#timestamp = timestamp
    // Docker adds no '\n' to a line that alone fills an event: the batcher will split it anyway.
    // Every line keeps its '\n', an over-long one too: the batcher splits it into events at character
    // boundaries, and the pieces still add up to exactly what the container printed.
    this.#lines.push(line + '\n')
    this.#bytes += lineBytes + 1
    return done
  }

  /** The pending record, if its first line is at least ageMs old (or the clock went backwards). */
  flushOlderThan(now: number, ageMs: number): LogEvent[] {
    if (this.#lines.length === 0) return []
    const age = now - this.#timestamp
    return age >= ageMs || age < 0 ? this.flush() : []
  }

  /** The pending record, whatever its age. */
  flush(): LogEvent[] {
    if (this.#lines.length === 0) return []
    const record = { timestamp: this.#timestamp, message: this.#lines.join('') }
    this.#lines = []
    this.#bytes = 0
    return [record]
  }
}

/**
 * Go's regexp syntax (what Docker compiles awslogs-multiline-pattern with) in JavaScript's: leading inline
 * flags `(?i)`, `(?s)`, `(?m)` become RegExp flags and `(?P<name>` becomes `(?<name>`. Anything else JS does
 * not accept throws, and the options parser names the option.
 */
export function goRegExp(pattern: string): RegExp {
  let flags = ''
  let source = pattern.replace(/\(\?P</g, '(?<')
  const lead = /^\(\?([imsU]+)\)/.exec(source)
  if (lead) {
    if (lead[1]!.includes('U')) throw new SyntaxError('the (?U) flag (ungreedy) has no JavaScript equivalent')
    flags = [...new Set(lead[1])].join('')
    source = source.slice(lead[0].length)
  }
  return new RegExp(source, flags)
}

/**
 * The start-of-record pattern from awslogs-datetime-format (strftime) or awslogs-multiline-pattern (Go
 * regexp); the caller refuses both at once. Throws SyntaxError for a pattern JavaScript cannot compile.
 */
export function multilineRegExp(datetime: string | undefined, pattern: string | undefined) {
  const { source, unknown } = datetime ? strftimeToRegExp(datetime) : { source: pattern ?? '', unknown: [] }
  return { regexp: source === '' ? undefined : goRegExp(source), unknown }
}
