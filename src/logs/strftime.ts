/**
 * awslogs-datetime-format: a strftime pattern turned into a regular expression that finds the start of a
 * record, as Docker's awslogs driver does it. Like Docker, only the %-sequences are translated: the text
 * between them is regular-expression source, so users escape brackets themselves (`\[%b %d, %Y`), and the
 * match is unanchored. Unknown sequences become nothing (Docker drops them too); they are reported so the
 * options parser can warn.
 */
const DAY = '(?:0[1-9]|[12]\\d|3[01])'
const HOUR24 = '(?:[01]\\d|2[0-3])'
const HOUR12 = '(?:0[1-9]|1[0-2])'
const MINUTE = '[0-5]\\d'
const MONTH = '(?:0[1-9]|1[0-2])'

const SEQUENCES: Record<string, string> = {
  a: '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)',
  A: '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)',
  w: '[0-6]',
  u: '[1-7]',
  d: DAY,
  // Space-padded day and hours, as glibc prints them.
  e: '(?: [1-9]|[12]\\d|3[01])',
  b: '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)',
  h: '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)',
  B: '(?:January|February|March|April|May|June|July|August|September|October|November|December)',
  m: MONTH,
  Y: '\\d{4}',
  y: '\\d{2}',
  H: HOUR24,
  k: '(?: \\d|1\\d|2[0-3])',
  I: HOUR12,
  l: '(?: [1-9]|1[0-2])',
  p: '(?:AM|PM)',
  M: MINUTE,
  // 60 is a leap second.
  S: '(?:[0-5]\\d|60)',
  f: '\\d{6}',
  // Docker's %L carries its own leading dot (`%S%L` matches `12:00:00.123`); keep that so formats port as is.
  L: '\\.\\d{3}',
  // Python 3.7+ also prints and accepts `+01:00`.
  z: '(?:Z|[+-]\\d{2}:?\\d{2})',
  Z: '[A-Z]{1,5}',
  j: '(?:00[1-9]|0[1-9]\\d|[12]\\d{2}|3[0-5]\\d|36[0-6])',
  U: '(?:[0-4]\\d|5[0-3])',
  W: '(?:[0-4]\\d|5[0-3])',
  s: '\\d+',
  t: '\\t',
  '%': '%',
}

// Shorthands expand to the sequences they stand for.
const COMPOSITES: Record<string, string> = { D: '%m/%d/%y', F: '%Y-%m-%d', T: '%H:%M:%S', R: '%H:%M' }

export interface StrftimeRegExp {
  source: string
  /** Sequences with no translation (e.g. `%Q`), dropped from `source`. */
  unknown: string[]
}

export function strftimeToRegExp(format: string): StrftimeRegExp {
  const unknown: string[] = []
  // One left-to-right pass, so `%%D` stays a literal `%` followed by `D`.
  const source = format.replace(/%(.?)/gs, (seq, c: string) => {
    const composite = COMPOSITES[c]
    const re = composite === undefined ? SEQUENCES[c] : strftimeToRegExp(composite).source
    if (re !== undefined) return re
    unknown.push(seq)
    return ''
  })
  return { source, unknown }
}
