import t from 'tap'
import { checkNetwork } from '../../src/doctor/checks/network.js'
import { ipv4CidrsOverlap, parseIpv4Cidr } from '../../src/lib/cidr.js'
import type { NetworkSummary } from '../../src/model/dockerFacts.js'
import { config, fakeProbes } from './fakeProbes.js'

const bridge: NetworkSummary = {
  id: 'b1',
  name: 'bridge',
  subnets: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1' }],
}
const hostNet: NetworkSummary = {
  id: 'e1',
  name: 'ecs-local',
  subnets: [{ subnet: '169.254.170.0/24', gateway: '169.254.170.2' }],
}
const containerNet: NetworkSummary = { ...hostNet, subnets: [{ subnet: '169.254.170.0/24', gateway: '169.254.170.1' }] }
const clash: NetworkSummary = {
  id: 'c1',
  name: 'ecsl-doctor-clash',
  subnets: [{ subnet: '169.254.170.0/25', gateway: '169.254.170.1' }],
}

/** Probes whose engine lists `nets`, with `attached` containers per network id. */
const run = (nets: NetworkSummary[], attached: Record<string, string[]> = {}, flags = {}) =>
  checkNetwork(
    fakeProbes({ networks: async () => nets, networkContainers: async (id) => attached[id] ?? [] }),
    config(flags),
    true,
  )

t.test(`${parseIpv4Cidr.name} and ${ipv4CidrsOverlap.name}`, async (t) => {
  t.same(parseIpv4Cidr('169.254.170.0/24'), { base: 0xa9feaa00, bits: 24 })
  t.same(parseIpv4Cidr('169.254.170.7/24'), { base: 0xa9feaa00, bits: 24 }, 'host bits cleared')
  t.same(parseIpv4Cidr('0.0.0.0/0'), { base: 0, bits: 0 })
  for (const bad of ['fd00::/64', '169.254.170.0', '300.1.1.1/8', '1.2.3.4/33', ''])
    t.equal(parseIpv4Cidr(bad), undefined, bad)
  const table: Array<[string, string, boolean]> = [
    ['169.254.170.0/24', '169.254.170.0/25', true],
    ['169.254.170.0/24', '169.254.170.128/25', true],
    ['169.254.170.0/24', '169.254.0.0/16', true],
    ['169.254.170.0/24', '0.0.0.0/0', true],
    ['169.254.170.0/24', '169.254.171.0/24', false],
    ['169.254.170.0/24', '172.17.0.0/16', false],
    ['169.254.170.0/24', 'fd00:ec2::/64', false],
  ]
  for (const [a, b, want] of table) t.equal(ipv4CidrsOverlap(a, b), want, `${a} ${b}`)
})

t.test('absent, and nothing in the way: the daemon will create it', async (t) => {
  const { result, state } = await run([bridge])
  t.equal(state, 'absent')
  t.match(result, { name: 'network', status: 'ok' })
  t.match(
    result.detail,
    'ecs-local absent: the daemon will create it (subnet 169.254.170.0/24, gateway 169.254.170.2, as host placement needs)',
  )
})

t.test('present with the subnet and gateway this placement needs', async (t) => {
  t.match(await run([bridge, hostNet]), { state: 'expected', result: { status: 'ok', detail: /ecs-local present/ } })
  const container = await run([containerNet], {}, { placement: 'container' })
  t.match(container, {
    state: 'expected',
    result: { status: 'ok', detail: /gateway 169.254.170.1, as container placement/ },
  })
})

t.test('present with another subnet: remove it, naming the containers on it', async (t) => {
  const other = { ...hostNet, subnets: [{ subnet: '10.99.0.0/24', gateway: '10.99.0.1' }] }
  const { result, state } = await run([other], { e1: ['ecs-web-1-app-ab12'] })
  t.equal(state, 'mismatch')
  t.match(result, { status: 'FAIL', code: 'ECSL_ERR_NETWORK' })
  t.match(
    result.detail,
    'ecs-local exists with subnet 10.99.0.0/24 gateway 10.99.0.1, but host placement needs subnet 169.254.170.0/24 and gateway 169.254.170.2',
  )
  t.match(result.fix, 'docker network rm ecs-local')
  t.match(result.fix, 'containers attached now: ecs-web-1-app-ab12')
  t.match(result.fix, 'docker network disconnect ecs-local ecs-web-1-app-ab12')
})

t.test("the other placement's network: says which one it was made for", async (t) => {
  const onHost = await run([containerNet])
  t.match(onHost, { state: 'mismatch', result: { status: 'FAIL', code: 'ECSL_ERR_NETWORK' } })
  t.match(
    onHost.result.detail,
    'gateway 169.254.170.1, but host placement needs subnet 169.254.170.0/24 and gateway 169.254.170.2',
  )
  t.match(onHost.result.detail, 'one made for --placement container has another')
  t.equal(
    onHost.result.fix,
    'remove it once no container uses it (the daemon makes it anew): docker network rm ecs-local',
  )
  const inContainer = await run([hostNet], {}, { placement: 'container' })
  t.match(inContainer.result, { status: 'FAIL', detail: /it was made for --placement host/ })
})

t.test('another network overlapping 169.254.170.0/24: a subnet clash, with the exact fix', async (t) => {
  const { result, state } = await run([bridge, clash], { c1: ['ecsl-doctor-clash-user'] })
  t.equal(state, 'blocked', 'ecs-local is not there, and cannot be made')
  t.match(result, { status: 'FAIL', code: 'ECSL_ERR_NETWORK' })
  t.equal(
    result.detail,
    'network ecsl-doctor-clash (subnet 169.254.170.0/25) overlaps 169.254.170.0/24: Docker will refuse to create ecs-local',
  )
  t.equal(
    result.fix,
    'docker network rm ecsl-doctor-clash (containers attached now: ecsl-doctor-clash-user; stop them, or ' +
      'docker network disconnect ecsl-doctor-clash ecsl-doctor-clash-user, first)',
  )
})

t.test('a clash beside a good ecs-local network (another driver): addresses are ambiguous', async (t) => {
  const wide = { id: 'm1', name: 'lan', driver: 'macvlan', subnets: [{ subnet: '169.254.0.0/16' }] }
  const { result, state } = await run([hostNet, wide])
  t.equal(state, 'expected')
  t.match(result, {
    status: 'FAIL',
    detail: /network lan \(subnet 169.254.0.0\/16\) overlaps .*ambiguous/,
    fix: 'docker network rm lan',
  })
})

t.test('every problem at once: a wrong ecs-local and two clashes, one fix line each', async (t) => {
  const other = { ...hostNet, subnets: [{ subnet: '10.99.0.0/24', gateway: '10.99.0.1' }] }
  const second = {
    ...clash,
    id: 'c2',
    name: 'second',
    subnets: [{ subnet: '169.254.170.128/25' }, { subnet: 'fd00::/64' }],
  }
  const { result } = await run([other, clash, second])
  t.equal(result.fix?.split('\n').length, 3)
  t.match(result.detail, /; network ecsl-doctor-clash .*; network second \(subnet 169.254.170.128\/25\)/)
})

t.test('IPv6 pools and neighbouring subnets do not clash', async (t) => {
  const v6 = { id: 'v6', name: 'v6', subnets: [{ subnet: 'fd00:ec2::/64' }] }
  const next = { id: 'n1', name: 'next', subnets: [{ subnet: '169.254.171.0/24' }] }
  t.match(await run([v6, next]), { result: { status: 'ok' } })
})

t.test('without an engine: skipped, state unknown', async (t) => {
  const r = await checkNetwork(fakeProbes(), config(), false)
  t.match(r, { state: 'unknown', result: { status: 'skip', detail: 'needs the Docker engine (see engine)' } })
})

t.test('listing the networks fails', async (t) => {
  const probes = fakeProbes({ networks: async () => Promise.reject(new Error('engine hiccup')) })
  const r = await checkNetwork(probes, config(), true)
  t.match(r, {
    state: 'unknown',
    result: { status: 'FAIL', detail: /cannot list the engine's networks: engine hiccup/ },
  })
  t.match(r.result.fix, 'docker network ls')
})
