/** One JSON value as Go's decoder sees it: numbers keep their literal (a uint64 does not fit a double). */
export type JsonNode =
  | { kind: 'object'; entries: Array<[string, JsonNode]> }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; literal: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }

/** `eof`: nothing but white space (Go's io.EOF, which the agent words "required request body is missing"). */
export type Scanned = { ok: true; value: JsonNode } | { ok: false; eof: boolean; message: string }

/** encoding/json's maxNestingDepth. */
const MAX_DEPTH = 10_000

class GoSyntaxError extends Error {}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
const isDigit = (c: number) => c >= 0x30 && c <= 0x39
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
const ESCAPES = new Set([...'bfnrt\\/"'].map((ch) => ch.charCodeAt(0)))
const NAMED: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r' }

/**
 * encoding/json's quoteChar: a byte as strconv.Quote writes the rune of that value, between single quotes.
 * (Non-printable: controls, DEL, 0x80-0x9f, NBSP and the soft hyphen, which unicode.IsPrint rejects.)
 */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`
  if (c === 0x22) return `'"'`
  if (c === 0x5c) return `'\\\\'`
  if (NAMED[c]) return `'\\${NAMED[c]}'`
  const hex = c.toString(16).padStart(2, '0')
  if (c < 0x20 || c === 0x7f) return `'\\x${hex}'`
  if ((c >= 0x80 && c < 0xa0) || c === 0xa0 || c === 0xad) return `'\\u00${hex}'`
  return `'${String.fromCharCode(c)}'`
}

/**
 * One value read as Go's json.Decoder.Decode reads it, with its error texts (encoding/json/scanner.go):
 * "invalid character 'x' looking for beginning of value", "unexpected EOF", ... Whatever follows the first value
 * is not looked at, as Decode does not. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function scanGoJson(text: string): Scanned {
  const b = Buffer.from(text, 'utf8')
  let pos = 0
  function fail(context: string): never {
    throw new GoSyntaxError(`invalid character ${quoteChar(b[pos] as number)} ${context}`)
  }
  function eof(): never {
    throw new GoSyntaxError('unexpected EOF')
  }
  /** The next non-space byte (not consumed); at the end of input, unexpected EOF. */
  const peek = (): number => {
    while (pos < b.length && isSpace(b[pos] as number)) pos++
    return pos < b.length ? (b[pos] as number) : eof()
  }
  const need = (ok: (c: number) => boolean, context: string) => {
    if (pos >= b.length) eof()
    if (!ok(b[pos] as number)) fail(context)
    pos++
  }
  const digits = () => {
    while (pos < b.length && isDigit(b[pos] as number)) pos++
  }
  const string = (): string => {
    const start = pos++
    for (;;) {
      if (pos >= b.length) eof()
      const c = b[pos] as number
      if (c === 0x22) break
      if (c === 0x5c) {
        pos++
        if (pos >= b.length) eof()
        if (b[pos] === 0x75) {
          pos++
          for (let i = 0; i < 4; i++) need(isHex, 'in \\u hexadecimal character escape')
        } else need((e) => ESCAPES.has(e), 'in string escape code')
        continue
      }
      if (c < 0x20) fail('in string literal')
      pos++
    }
    pos++
    return JSON.parse(b.subarray(start, pos).toString('utf8')) as string
  }
  const number = (): JsonNode => {
    const start = pos
    if (b[pos] === 0x2d) pos++
    if (pos >= b.length) eof()
    if (b[pos] === 0x30) pos++
    else if (isDigit(b[pos] as number)) digits()
    else fail('in numeric literal')
    if (b[pos] === 0x2e) {
      pos++
      need(isDigit, 'after decimal point in numeric literal')
      digits()
    }
    if (b[pos] === 0x65 || b[pos] === 0x45) {
      pos++
      if (b[pos] === 0x2b || b[pos] === 0x2d) pos++
      need(isDigit, 'in exponent of numeric literal')
      digits()
    }
    return { kind: 'number', literal: b.subarray(start, pos).toString('latin1') }
  }
  const literal = (word: 'true' | 'false' | 'null'): JsonNode => {
    pos++
    for (const ch of word.slice(1)) need((c) => c === ch.charCodeAt(0), `in literal ${word} (expecting '${ch}')`)
    return word === 'null' ? { kind: 'null' } : { kind: 'bool', value: word === 'true' }
  }
  /** An object's next key and the colon after it. */
  const key = (): string => {
    if (peek() !== 0x22) fail('looking for beginning of object key string')
    const k = string()
    if (peek() !== 0x3a) fail('after object key')
    pos++
    return k
  }

  while (pos < b.length && isSpace(b[pos] as number)) pos++
  if (pos >= b.length) return { ok: false, eof: true, message: 'EOF' }
  type Frame =
    { kind: 'object'; entries: Array<[string, JsonNode]>; key: string } | { kind: 'array'; items: JsonNode[] }
  const stack: Frame[] = []
  try {
    for (;;) {
      const c = peek()
      let value: JsonNode
      if (c === 0x7b || c === 0x5b) {
        if (stack.length >= MAX_DEPTH) fail('exceeded max depth')
        pos++
        const close = c === 0x7b ? 0x7d : 0x5d
        if (peek() === close) {
          pos++
          value = c === 0x7b ? { kind: 'object', entries: [] } : { kind: 'array', items: [] }
        } else {
          stack.push(c === 0x7b ? { kind: 'object', entries: [], key: key() } : { kind: 'array', items: [] })
          continue
        }
      } else if (c === 0x22) value = { kind: 'string', value: string() }
      else if (c === 0x2d || isDigit(c)) value = number()
      else if (c === 0x74) value = literal('true')
      else if (c === 0x66) value = literal('false')
      else if (c === 0x6e) value = literal('null')
      else fail('looking for beginning of value')
      // A complete value: into its container; close every container it completes.
      for (;;) {
        const top = stack.at(-1)
        if (!top) return { ok: true, value: value }
        if (top.kind === 'object') top.entries.push([top.key, value])
        else top.items.push(value)
        const next = peek()
        if (next === 0x2c) {
          pos++
          if (top.kind === 'object') top.key = key()
          break
        }
        if (next !== (top.kind === 'object' ? 0x7d : 0x5d)) {
          fail(top.kind === 'object' ? 'after object key:value pair' : 'after array element')
        }
        pos++
        stack.pop()
        value = top.kind === 'object' ? { kind: 'object', entries: top.entries } : { kind: 'array', items: top.items }
      }
    }
  } catch (e) {
    if (e instanceof GoSyntaxError) return { ok: false, eof: false, message: e.message }
    throw e
  }
}
