import type { StatsSample } from '../model/stats.js'

/** Bytes received and sent per second between two samples, summed over interfaces, as the agent reports them. */
export function networkRate(
  previous: StatsSample | undefined,
  current: StatsSample,
): { rx_bytes_per_sec: number; tx_bytes_per_sec: number } | undefined {
  if (!previous?.read || !current.read || !previous.networks || !current.networks) return undefined
  const seconds = (Date.parse(current.read) - Date.parse(previous.read)) / 1000
  if (!(seconds > 0)) return undefined
  const sum = (s: StatsSample, key: 'rx_bytes' | 'tx_bytes') =>
    Object.values(s.networks ?? {}).reduce((n, i) => n + (i[key] ?? 0), 0)
  return {
    rx_bytes_per_sec: Math.max(0, sum(current, 'rx_bytes') - sum(previous, 'rx_bytes')) / seconds,
    tx_bytes_per_sec: Math.max(0, sum(current, 'tx_bytes') - sum(previous, 'tx_bytes')) / seconds,
  }
}
