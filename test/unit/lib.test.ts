import { readdir, readFile } from 'node:fs/promises'
import t from 'tap'
import { unmapIPv4 } from '../../src/lib/address.js'
import { wholeSecondUtc } from '../../src/lib/time.js'

t.test(`${unmapIPv4.name}: only the IPv4-mapped prefix goes`, async (t) => {
  const table = ['::ffff:10.0.0.7', '10.0.0.7', '::1', 'fe80::ffff:1', '::ffff:'].map((a) => [a, unmapIPv4(a)])
  t.strictSame(table, [
    ['::ffff:10.0.0.7', '10.0.0.7'],
    ['10.0.0.7', '10.0.0.7'],
    ['::1', '::1'],
    ['fe80::ffff:1', 'fe80::ffff:1'],
    ['::ffff:', ''],
  ])
})

t.test(`${wholeSecondUtc.name}: drops milliseconds, never rounds up`, async (t) => {
  t.equal(wholeSecondUtc(new Date('2030-06-01T23:59:59.999Z')), '2030-06-01T23:59:59Z')
  t.equal(wholeSecondUtc(Date.parse('2030-06-01T00:00:00Z')), '2030-06-01T00:00:00Z', 'epoch milliseconds too')
  t.equal(wholeSecondUtc(0), '1970-01-01T00:00:00Z')
})

t.test('src/lib/ imports nothing from the project, so every module may use it', async (t) => {
  const dir = new URL('../../src/lib/', import.meta.url)
  for (const name of await readdir(dir)) {
    const text = await readFile(new URL(name, dir), 'utf8')
    const imports = [...text.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1])
    t.strictSame(
      imports.filter((i) => i?.startsWith('.')),
      [],
      `${name} imports only node: or package modules`,
    )
  }
})
