import type { ErrorCode } from '../errors.js'

/** The same four words in the text lines and in --json, so a script matches what a person reads. */
export type CheckStatus = 'ok' | 'warn' | 'FAIL' | 'skip'

export interface CheckResult {
  /** Stable, for scripts: `engine`, `network`, `endpoint`, `base-credentials`, `task-role`, `ecr us-east-1`... */
  name: string
  status: CheckStatus
  detail: string
  /** What to do; set on every warn and FAIL. */
  fix?: string
  /** The error `run` would end in for the same cause, where there is one (docs/errors.md). */
  code?: ErrorCode
}

type Extra = Pick<CheckResult, 'code'>

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail })
export const skip = (name: string, detail: string): CheckResult => ({ name, status: 'skip', detail })
export const warn = (name: string, detail: string, fix: string, extra: Extra = {}): CheckResult => ({
  name,
  status: 'warn',
  detail,
  fix,
  ...extra,
})
export const fail = (name: string, detail: string, fix: string, extra: Extra = {}): CheckResult => ({
  name,
  status: 'FAIL',
  detail,
  fix,
  ...extra,
})

/** A settled probe: what checks that depend on another's answer receive. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  )
}
