import type { ConfigFlags } from '../config.js'
import type { DaemonInfo } from '../control/protocol.js'

/**
 * What a command asks of the daemon: `--aws` always (which AWS a task talks to is never left to chance), the
 * other daemon-wide settings only when given as flags. A `run` without `--region` uses the daemon's region, as
 * a task handed to a running agent does.
 */
export function askedSettings(all: Record<string, string>, flags: ConfigFlags): Record<string, string> {
  const given = flags as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(all).filter(([flag]) => flag === '--aws' || given[flag.slice(2)] !== undefined),
  )
}

/** The first setting in which the running daemon differs from what this command asks for, in flag words. */
export function differingSetting(
  info: DaemonInfo,
  wanted: Record<string, string>,
): { running: string; wanted: string } | undefined {
  // A daemon from before settings were reported: only --aws can be compared.
  const running = info.settings ?? { '--aws': info.aws }
  for (const [flag, value] of Object.entries(wanted)) {
    const had = running[flag]
    if (had === undefined || had === value) continue
    const show = (v: string) => (v === '' ? `no ${flag}` : `${flag} ${v}`)
    return { running: show(had), wanted: show(value) }
  }
  return undefined
}
