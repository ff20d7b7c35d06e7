import t from 'tap'
import { pickAddress, subnetPrefix } from '../../src/agent/addresses.js'

t.test(`${pickAddress.name} stays inside the range`, async (t) => {
  for (let i = 0; i < 200; i++) {
    const a = pickAddress('169.254.170', [], 32, 40)
    const last = Number(a.split('.')[3])
    t.ok(a.startsWith('169.254.170.') && last >= 32 && last <= 40, a)
  }
  t.match(pickAddress('10.0.0', []), /^10\.0\.0\.(3[2-9]|[4-9]\d|1\d\d|2[0-4]\d|25[0-4])$/, 'default 32-254')
})

t.test(`${pickAddress.name} never returns a taken address`, async (t) => {
  const taken = ['10.0.0.32', '10.0.0.33', '10.0.0.35']
  for (let i = 0; i < 50; i++) t.equal(pickAddress('10.0.0', taken, 32, 35), '10.0.0.34')
  t.equal(pickAddress('10.0.0', new Set(['10.0.0.1']), 1, 2), '10.0.0.2', 'any iterable')
})

t.test(`${pickAddress.name} throws when full`, async (t) => {
  t.throws(() => pickAddress('10.0.0', ['10.0.0.32', '10.0.0.33'], 32, 33), /no free address left in 10\.0\.0\.32-33/)
})

t.test(subnetPrefix.name, async (t) => {
  t.equal(subnetPrefix('169.254.170.0/24'), '169.254.170')
  for (const bad of ['169.254.170.0/16', '169.254.170.1/24', '169.254.170.0', 'x']) {
    t.throws(() => subnetPrefix(bad), /must be a \/24 ending in \.0/, bad)
  }
})
