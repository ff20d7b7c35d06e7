/**
 * Sizes as Docker reads max-buffer-size (go-units RAMInBytes): a decimal number, an optional space, then an
 * optional case-insensitive unit b, k, m, g, t, p with an optional trailing `b` or `ib`, all binary
 * (`10m` = `10MB` = `10MiB` = 10,485,760). Returns undefined for anything else.
 */
const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 }

export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+) ?([kmgtp](?:b|ib)?|b)?$/i.exec(text)
  if (!m) return undefined
  const unit = UNITS[(m[2] ?? '').charAt(0).toLowerCase()]!
  return Math.trunc(Number(m[1]) * unit)
}
