import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { ERRORS } from '../../errors.js'
import type { Logger } from '../../log.js'

/** The first line of every journal file: a file of another format is refused rather than misread. */
const FORMAT = 'ecs-local-localaws'
const VERSION = 1

/** What a journal file held: its records, and how many lines could not be read (a torn last line, say). */
export interface JournalContents<T> {
  records: T[]
  unreadable: number
}

/**
 * An append-only file of JSON lines. Each append is one write(2) on a file opened for appending, before the
 * call that made the change is answered: a daemon killed at any point loses nothing it has answered for (the
 * operating system holds the data; a power loss is another matter, and no fsync per call is paid for it).
 */
export class JournalFile<T> {
  #fd: number | undefined
  #failed = false

  private constructor(
    readonly path: string,
    readonly logger: Logger,
  ) {}

  /** Reads the file (creating it when missing) and keeps it open for appending. */
  static open<T>(path: string, logger: Logger): { file: JournalFile<T>; contents: JournalContents<T> } {
    const file = new JournalFile<T>(path, logger)
    const contents = file.#read()
    file.#fd = openSync(path, 'a', 0o600)
    return { file, contents }
  }

  #read(): JournalContents<T> {
    if (!existsSync(this.path)) {
      writeFileSync(this.path, header(), { mode: 0o600 })
      return { records: [], unreadable: 0 }
    }
    const lines = readFileSync(this.path, 'utf8').split('\n')
    const head = parse(lines[0] ?? '') as { format?: unknown; version?: unknown } | undefined
    if (head?.format !== FORMAT || head.version !== VERSION) {
      throw new ERRORS.ECSL_ERR_CONFIG(
        `${this.path} is not an ecs-local ${FORMAT} v${VERSION} file; clear the local AWS's state with: ecs-local local-aws reset`,
      )
    }
    const records: T[] = []
    let unreadable = 0
    for (const line of lines.slice(1)) {
      if (!line) continue
      const record = parse(line)
      if (record === undefined || typeof record !== 'object') unreadable++
      else records.push(record as T)
    }
    return { records, unreadable }
  }

  append(record: T): void {
    if (this.#fd === undefined || this.#failed) return
    try {
      writeSync(this.#fd, `${JSON.stringify(record)}\n`)
    } catch (e) {
      // Serving goes on from memory; what follows will not survive a restart, and the log says so once.
      this.#failed = true
      this.logger.error({ err: e, path: this.path }, "the local AWS's state is no longer being saved")
    }
  }

  /** Replaces the file's contents atomically (a new file renamed over it), and appends to the new one. */
  rewrite(records: readonly T[]): void {
    const tmp = `${this.path}.tmp`
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeSync(fd, header() + records.map((r) => `${JSON.stringify(r)}\n`).join(''))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (this.#fd !== undefined) closeSync(this.#fd)
    renameSync(tmp, this.path)
    this.#fd = openSync(this.path, 'a', 0o600)
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
  }
}

function header(): string {
  return `${JSON.stringify({ format: FORMAT, version: VERSION })}\n`
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}

/** S3 bodies, one file per content (named by its sha256), written before the record that names them. */
export class BlobFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  }

  put(body: Buffer): string {
    const name = createHash('sha256').update(body).digest('hex')
    const path = join(this.dir, name)
    if (!existsSync(path)) {
      writeFileSync(`${path}.tmp`, body, { mode: 0o600 })
      renameSync(`${path}.tmp`, path)
    }
    return name
  }

  /** undefined when the file is gone (removed by hand): the object is then dropped, not served empty. */
  get(name: string): Buffer | undefined {
    if (!/^[0-9a-f]{64}$/.test(name)) return undefined
    try {
      return readFileSync(join(this.dir, name))
    } catch {
      return undefined
    }
  }

  /** Removes every file no record names any more. */
  keepOnly(names: ReadonlySet<string>): void {
    for (const f of readdirSync(this.dir)) if (!names.has(f)) rmSync(join(this.dir, f), { force: true })
  }
}
