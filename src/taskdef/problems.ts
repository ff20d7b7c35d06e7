import { ERRORS } from '../errors.js'

export interface Problem {
  path: string
  message: string
}

const PLAIN_KEY = /^[A-Za-z_][\w:-]*$/

/** `a.b`, `a[0]`, or `a["com.example.label"]` for keys that would read ambiguously after a dot. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key
  return `${path}[${JSON.stringify(key)}]`
}

/** Collects every problem of one load, so the user sees all of them at once instead of one per attempt. */
export class Problems {
  readonly list: Problem[] = []

  add(path: string, message: string): void {
    if (!this.list.some((p) => p.path === path && p.message === message)) this.list.push({ path, message })
  }

  get size(): number {
    return this.list.length
  }

  /** Throws ECSL_ERR_TASKDEF_SOURCE listing every problem, headed by `what`. */
  throwIfAny(source: string, what: string): void {
    if (this.list.length === 0) return
    const lines = this.list.map((p) => `  ${p.path}: ${p.message}`).join('\n')
    throw new ERRORS.ECSL_ERR_TASKDEF_SOURCE(source, `${what}:\n${lines}`)
  }
}

export function sourceError(source: string, message: string): Error {
  return new ERRORS.ECSL_ERR_TASKDEF_SOURCE(source, message)
}
