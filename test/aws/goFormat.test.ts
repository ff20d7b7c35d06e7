import t from 'tap'
import { goFloat, goValueString } from '../../src/aws/goFormat.js'

t.test(goFloat.name, async (t) => {
  const cases: [number, string][] = [
    [8080, '8080'],
    [999999, '999999'],
    [1000000, '1e+06'],
    [1234567, '1.234567e+06'],
    [0.5, '0.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5e-7, '-2.5e-07'],
    [1e21, '1e+21'],
    [-0, '-0'],
  ]
  for (const [n, want] of cases) t.equal(goFloat(n), want, `${n}`)
})

t.test(goValueString.name, async (t) => {
  t.equal(goValueString('s3cr:et'), 's3cr:et', 'strings verbatim')
  t.equal(goValueString(true), 'true')
  t.equal(goValueString(null), '<nil>')
  t.equal(goValueString([1, 'a', false]), '[1 a false]')
  t.equal(goValueString({ b: 1, a: { c: 'x' } }), 'map[a:map[c:x] b:1]', 'maps with sorted keys')
})
