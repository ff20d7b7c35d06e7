import { fail, ok, skip, warn, type CheckResult } from '../result.js'

const NAME = 'clock'
/** SigV4 signatures carry the time; AWS refuses one more than 5 minutes off. */
export const SKEW_FAIL_MS = 5 * 60_000
/** Past this, something is drifting: say so before it reaches the limit. */
export const SKEW_WARN_MS = 30_000

export interface ClockSample {
  /** Where the other clock was read: `STS` (its Date header) or `the Docker engine` (/info SystemTime). */
  source: string
  remote: Date
  /** Our clock when that answer arrived. */
  at: Date
}

const FIX = 'set this clock right: timedatectl set-ntp true (systemd), or chronyc makestep; in a VM, resync its clock'

function span(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000)
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`
}

/** The local clock against another: STS's when it answered, else the engine's (on another kernel, e.g. a VM). */
export function checkClock(sample: ClockSample | undefined): CheckResult {
  if (!sample) return skip(NAME, 'nothing to compare with: STS did not answer and the engine reported no time')
  const skew = sample.at.getTime() - sample.remote.getTime()
  const way = skew > 0 ? 'ahead of' : 'behind'
  const off = `this clock is ${span(skew)} ${way} ${sample.source}'s`
  if (Math.abs(skew) > SKEW_FAIL_MS) return fail(NAME, `${off}: AWS refuses requests signed more than 5 min off`, FIX)
  if (Math.abs(skew) > SKEW_WARN_MS) return warn(NAME, `${off}: past 5 min AWS refuses signed requests`, FIX)
  return ok(NAME, `within ${span(skew)} of ${sample.source}'s clock`)
}
