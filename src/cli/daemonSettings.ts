import type { DaemonInfo } from '../control/protocol.js'

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
