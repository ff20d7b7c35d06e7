import t from 'tap'
import { outermost, packageClosure } from '../../src/docker/packageClosure.js'

const pkg = (name: string, deps: Record<string, string> = {}, optional: Record<string, string> = {}) => ({
  'package.json': JSON.stringify({ name, version: '1.0.0', dependencies: deps, optionalDependencies: optional }),
})

t.test(packageClosure.name, async (t) => {
  t.test('follows Node resolution: nested first, then hoisted; optional may be missing', async (t) => {
    const root = t.testdir({
      node_modules: {
        a: { ...pkg('a', { b: '1', c: '1' }, { 'not-for-this-os': '1' }), node_modules: { c: pkg('c', { b: '1' }) } },
        b: pkg('b'),
        c: pkg('c-hoisted'),
        unused: pkg('unused'),
        '@scope': { s: pkg('@scope/s', { b: '1' }) },
      },
    })
    const found = await packageClosure(`${root}/node_modules`, ['a', '@scope/s'])
    t.same(
      found.map((p) => p.rel),
      ['@scope/s', 'a', 'a/node_modules/c', 'b'],
      'a gets its nested c; the hoisted c and unused stay out',
    )
    t.same(
      outermost(found).map((p) => p.rel),
      ['@scope/s', 'a', 'b'],
      'a/node_modules/c comes with a',
    )
  })

  t.test('a missing regular dependency is an error naming both packages', async (t) => {
    const root = t.testdir({ node_modules: { a: pkg('a', { gone: '1' }) } })
    await t.rejects(packageClosure(`${root}/node_modules`, ['a']), /a depends on gone, which is not installed/)
  })

  t.test('never resolves above the project that owns node_modules', async (t) => {
    const root = t.testdir({
      node_modules: { outside: pkg('outside') },
      project: { node_modules: { a: pkg('a', { outside: '1' }) } },
    })
    await t.rejects(packageClosure(`${root}/project/node_modules`, ['a']), /depends on outside/)
  })
})
