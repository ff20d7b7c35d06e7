/**
 * Option values read the way Docker reads them, so a task definition that Docker accepts is accepted here.
 */

const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 }

/**
 * Sizes as max-buffer-size is read (go-units RAMInBytes): a decimal number, an optional space, then an
 * optional case-insensitive unit b, k, m, g, t, p with an optional trailing `b` or `ib`, all binary
 * (`10m` = `10MB` = `10MiB` = 10,485,760). Undefined for anything else.
 */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+) ?([kmgtp](?:b|ib)?|b)?$/i.exec(text)
  if (!m) return undefined
  const unit = UNITS[(m[2] ?? '').charAt(0).toLowerCase()]!
  return Math.trunc(Number(m[1]) * unit)
}

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True']
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False']

/** Booleans as Go's strconv.ParseBool reads them (awslogs-create-group and friends). Undefined otherwise. */
export function parseGoBool(text: string): boolean | undefined {
  if (TRUE.includes(text)) return true
  if (FALSE.includes(text)) return false
  return undefined
}
