import { copyFileSync, statSync, truncateSync } from 'node:fs'

/** daemon.log's bound: past it, the file is kept as daemon.log.1 and started afresh. */
export const DAEMON_LOG_MAX_BYTES = 10 * 1024 * 1024

/**
 * Keeps a log file that this process writes through inherited O_APPEND descriptors (the background daemon's
 * stdout and stderr) under `maxBytes`, the way logrotate's copytruncate does: the file is copied to `<path>.1`
 * (replacing the older one) and truncated in place, so every descriptor goes on writing at its new end and a
 * crash's last words still land in `path`. A line written between the copy and the truncation is lost.
 * Checked every `everyMs`; returns the check (for tests) and a stop function.
 */
export function rotateWhenLarge(
  path: string,
  maxBytes = DAEMON_LOG_MAX_BYTES,
  everyMs = 5000,
): { check(): boolean; stop(): void } {
  const check = (): boolean => {
    try {
      if (statSync(path).size <= maxBytes) return false
      copyFileSync(path, `${path}.1`)
      truncateSync(path, 0)
      return true
    } catch {
      return false // gone or unreadable: nothing of ours to bound
    }
  }
  const timer = setInterval(check, everyMs).unref()
  return { check, stop: () => clearInterval(timer) }
}
