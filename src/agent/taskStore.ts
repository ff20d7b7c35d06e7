import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { TaskRecord } from '../model/task.js'
import { LogPositions } from './logPositions.js'

/** Keys whose values are times: JSON keeps them as ISO strings, the record as Dates. */
const DATE_KEYS = new Set([
  'createdAt',
  'startedAt',
  'finishedAt',
  'since',
  'pullStartedAt',
  'pullStoppedAt',
  'executionStoppedAt',
])

/** Only what a new daemon needs to take a task over: the latest stats sample is Docker's to give again. */
function snapshot(record: Readonly<TaskRecord>): string {
  return JSON.stringify(record, (key, value: unknown) => (key === 'stats' ? undefined : value))
}

/**
 * The records of running tasks, one file per task in the state directory (`tasks/<id>.json`, 0600 in a 0700
 * directory), so that a daemon started after a crash or an upgrade can adopt them (agent/adoptSteps.ts). A record
 * holds ids, container ids and addresses, and in FULL_URI mode the task's authorization token; never role
 * credentials, secret values or resolved environment files. Each task's awslogs positions (logPositions.ts) go
 * with its record.
 */
export class TaskStore {
  readonly #dir: string
  readonly positions: LogPositions

  constructor(stateDir: string) {
    this.#dir = join(stateDir, 'tasks')
    this.positions = new LogPositions(stateDir)
  }

  /** Written atomically (temporary file, then rename): a daemon killed mid-write leaves the old record or none. */
  async save(record: Readonly<TaskRecord>): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 })
    const path = join(this.#dir, `${record.id}.json`)
    const temporary = `${path}.${process.pid}.tmp`
    await writeFile(temporary, snapshot(record), { mode: 0o600 })
    await rename(temporary, path)
  }

  async remove(taskId: string): Promise<void> {
    await rm(join(this.#dir, `${taskId}.json`), { force: true })
    this.positions.removeTask(taskId)
  }

  /**
   * Every saved record; a file that cannot be read as one is reported, not fatal. Log positions of tasks
   * without a record (a daemon that died before their record was written) are removed.
   */
  async loadAll(): Promise<{ records: TaskRecord[]; unreadable: string[] }> {
    const names = await readdir(this.#dir).catch(() => [] as string[])
    const records: TaskRecord[] = []
    const unreadable: string[] = []
    for (const name of names) {
      const path = join(this.#dir, name)
      if (name.endsWith('.tmp')) {
        await rm(path, { force: true })
        continue
      }
      if (!name.endsWith('.json')) continue
      try {
        const text = await readFile(path, 'utf8')
        records.push(
          JSON.parse(text, (key, value: unknown) =>
            DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value,
          ) as TaskRecord,
        )
      } catch {
        unreadable.push(name)
        await rm(path, { force: true })
      }
    }
    this.positions.prune(new Set(records.map((r) => r.id)))
    return { records, unreadable }
  }
}
