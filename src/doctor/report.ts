import type { CheckResult, CheckStatus } from './result.js'

/** How `ecs-local doctor` prints its checks: one line each (text) or one JSON document (--json, for CI). */

export interface DoctorReport {
  checks: CheckResult[]
  /** No check FAILed (warnings allowed). */
  ok: boolean
}

export function report(checks: CheckResult[]): DoctorReport {
  return { checks, ok: !checks.some((c) => c.status === 'FAIL') }
}

/** 0 when nothing FAILed, 1 otherwise. */
export function exitCode(checks: CheckResult[]): number {
  return report(checks).ok ? 0 : 1
}

export function toJson(checks: CheckResult[]): string {
  return `${JSON.stringify(report(checks), null, 2)}\n`
}

const ORDER: CheckStatus[] = ['ok', 'warn', 'FAIL', 'skip']

/** `status  name  detail`, then an indented `fix:` (continuation lines aligned under it) for every warn and FAIL. */
export function toText(checks: CheckResult[]): string {
  const width = Math.max(...checks.map((c) => c.name.length), 4)
  let out = ''
  for (const c of checks) {
    out += `${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}\n`
    if (c.fix && (c.status === 'warn' || c.status === 'FAIL')) {
      const [first, ...rest] = c.fix.split('\n')
      out += `      fix: ${first}\n`
      for (const line of rest) out += `           ${line}\n`
    }
  }
  const counts = ORDER.map((s) => [s, checks.filter((c) => c.status === s).length] as const)
  out += `\n${counts
    .filter(([, n]) => n)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ')}\n`
  return out
}
