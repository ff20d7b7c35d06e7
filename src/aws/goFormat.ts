/**
 * Go's `fmt.Sprintf("%v", v)` for a value decoded by encoding/json into interface{}. The agent turns a
 * Secrets Manager json-key's value into the variable's text this way (asm.GetSecretFromASMWithInput), so a
 * task sees `1e+06` for 1000000, `true`, `<nil>`, `[a b]` or `map[k:v]`, exactly as on ECS. Pure.
 */
export function goValueString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number') return goFloat(v)
  if (Array.isArray(v)) return `[${v.map(goValueString).join(' ')}]`
  if (typeof v === 'object') {
    // fmt prints map keys sorted (Go >= 1.12); byte order, as Go compares strings.
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    return `map[${keys.map((k) => `${k}:${goValueString((v as Record<string, unknown>)[k])}`).join(' ')}]`
  }
  return String(v)
}

/**
 * %v of a float64 is strconv's shortest 'g': %e form (exponent of two digits at least) when the decimal exponent
 * is < -4 or >= 6 ("if precision was the shortest possible, use precision 6", strconv/ftoa.go), else plain.
 */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf'
  if (n === 0) return Object.is(n, -0) ? '-0' : '0'
  // toExponential() with no argument gives the shortest round-tripping digits, as Go's shortest formatting does.
  const [mantissa = '', exp = '0'] = n.toExponential().split('e')
  const e = Number(exp)
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  // In [-4, 6) JavaScript prints the same plain decimal.
  return String(n)
}
