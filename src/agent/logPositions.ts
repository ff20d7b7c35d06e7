import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { OutputPosition } from '../model/outputPosition.js'

/** Where every awslogs container starts: nothing of its output done yet. */
export const START: Readonly<OutputPosition> = { stdout: 0, stderr: 0 }

const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** A saved file's content, narrowed: both offsets present, whole and not negative. */
function parsePosition(text: string): OutputPosition | undefined {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null) return undefined
  const { stdout, stderr } = value as Record<string, unknown>
  return isOffset(stdout) && isOffset(stderr) ? { stdout, stderr } : undefined
}

/**
 * How far each awslogs container's output has been answered for by CloudWatch Logs, one small file per
 * container: `log-positions/<task-id>/<container>.json` (0600 files in 0700 directories), holding two byte
 * offsets and nothing of the output itself. A daemon that takes the task over resumes the forwarding there
 * (adoptSteps.ts). The first file is written when the container is created, at the start of its output, so a
 * container without one was started by a daemon that kept none. Writes are synchronous and atomic (temporary
 * file, then rename): once save() returns, a daemon killed at once leaves this position on disk, and a daemon
 * killed mid-write leaves the previous one.
 */
export class LogPositions {
  readonly #dir: string
  readonly #made = new Set<string>()

  constructor(stateDir: string) {
    this.#dir = join(stateDir, 'log-positions')
  }

  save(taskId: string, container: string, position: Readonly<OutputPosition>): void {
    const dir = join(this.#dir, taskId)
    if (!this.#made.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      this.#made.add(dir)
    }
    const path = join(dir, `${container}.json`)
    const temporary = `${path}.${process.pid}.tmp`
    writeFileSync(temporary, JSON.stringify({ stdout: position.stdout, stderr: position.stderr }), { mode: 0o600 })
    renameSync(temporary, path)
  }

  /** undefined when none was saved, or the file cannot be read as a position. */
  load(taskId: string, container: string): OutputPosition | undefined {
    try {
      return parsePosition(readFileSync(join(this.#dir, taskId, `${container}.json`), 'utf8'))
    } catch {
      return undefined
    }
  }

  /** One container's: its forwarding can no longer be resumed. */
  remove(taskId: string, container: string): void {
    rmSync(join(this.#dir, taskId, `${container}.json`), { force: true })
  }

  removeTask(taskId: string): void {
    const dir = join(this.#dir, taskId)
    this.#made.delete(dir)
    rmSync(dir, { recursive: true, force: true })
  }

  /** Removes the positions of every task not in `keep` (tasks whose record is gone, or was never written). */
  prune(keep: ReadonlySet<string>): string[] {
    let names: string[]
    try {
      names = readdirSync(this.#dir)
    } catch {
      return []
    }
    const removed = names.filter((name) => !keep.has(name))
    for (const name of removed) this.removeTask(name)
    return removed
  }
}
