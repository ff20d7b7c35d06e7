/** Task cpu/memory as ECS accepts them: units or MiB ("256"), or "1 vCPU" / "2 GB" (to units / MiB). */
export function parseTaskSize(v: string | number | undefined): number | undefined {
  if (typeof v === 'number') return v
  const m = /^\s*([\d.]+)\s*(vcpu|gb)?\s*$/i.exec(v ?? '')
  if (!m) return undefined
  const n = Number(m[1]) * (m[2] ? 1024 : 1)
  return Number.isFinite(n) ? n : undefined
}
