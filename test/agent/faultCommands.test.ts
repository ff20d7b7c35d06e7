import t from 'tap'
import {
  blackholeCheck,
  blackholeStart,
  blackholeStop,
  packetLossCheck,
  packetLossStart,
  packetLossStop,
  probability,
} from '../../src/agent/faults/iptablesCommands.js'
import { latencyStart, tcCheck, tcFaults, tcRollback, tcStop } from '../../src/agent/faults/tcCommands.js'
import type { BlackholePortFault, LatencyFault, PacketLossFault } from '../../src/model/faults.js'

// The commands, argv by argv. Blackhole port and latency: as ecs-agent/tmds/handlers/fault/v1/handlers/handlers.go
// builds them (its strings split at spaces), with `nsenter --net=/proc/<pid>/ns/net` for its `nsenter --net=<path>`.
// Packet loss: ecs-local's iptables emulation of what the agent does with netem.

const PID = 4242
const NS = `nsenter --net=/proc/${PID}/ns/net`
const lines = (cmds: Array<{ argv: string[]; ipv6?: boolean }>) =>
  cmds.map((c) => `${c.argv.join(' ')}${c.ipv6 ? '  [ipv6]' : ''}`)

const blackhole = (over: Partial<BlackholePortFault> = {}): BlackholePortFault => ({
  type: 'network-blackhole-port',
  port: 1234,
  protocol: 'tcp',
  trafficType: 'ingress',
  sourcesToFilter: [],
  ...over,
})

t.test(blackholeStart.name, async (t) => {
  const cases: Array<[string, BlackholePortFault, string[]]> = [
    [
      'ingress tcp, no sources to filter: chain, DROP, insert into INPUT, then the same in ip6tables',
      blackhole(),
      [
        `${NS} iptables -w 5 -N ingress-tcp-1234`,
        `${NS} iptables -w 5 -A ingress-tcp-1234 -p tcp -d 0.0.0.0/0 --dport 1234 -j DROP`,
        `${NS} iptables -w 5 -I INPUT -j ingress-tcp-1234`,
        `${NS} ip6tables -w 5 -N ingress-tcp-1234  [ipv6]`,
        `${NS} ip6tables -w 5 -A ingress-tcp-1234 -p tcp -d ::/0 --dport 1234 -j DROP  [ipv6]`,
        `${NS} ip6tables -w 5 -I INPUT -j ingress-tcp-1234  [ipv6]`,
      ],
    ],
    [
      'egress udp with IPv4 and IPv6 sources to filter: an ACCEPT each, in its own family, before the DROP',
      blackhole({
        port: 53,
        protocol: 'udp',
        trafficType: 'egress',
        sourcesToFilter: ['8.8.8.8', '10.0.0.0/8', '5:5:5:5::'],
      }),
      [
        `${NS} iptables -w 5 -N egress-udp-53`,
        `${NS} iptables -w 5 -A egress-udp-53 -p udp -d 8.8.8.8 --dport 53 -j ACCEPT`,
        `${NS} iptables -w 5 -A egress-udp-53 -p udp -d 10.0.0.0/8 --dport 53 -j ACCEPT`,
        `${NS} iptables -w 5 -A egress-udp-53 -p udp -d 0.0.0.0/0 --dport 53 -j DROP`,
        `${NS} iptables -w 5 -I OUTPUT -j egress-udp-53`,
        `${NS} ip6tables -w 5 -N egress-udp-53  [ipv6]`,
        `${NS} ip6tables -w 5 -A egress-udp-53 -p udp -d 5:5:5:5:: --dport 53 -j ACCEPT  [ipv6]`,
        `${NS} ip6tables -w 5 -A egress-udp-53 -p udp -d ::/0 --dport 53 -j DROP  [ipv6]`,
        `${NS} ip6tables -w 5 -I OUTPUT -j egress-udp-53  [ipv6]`,
      ],
    ],
  ]
  for (const [title, fault, want] of cases) t.strictSame(lines(blackholeStart(PID, fault)), want, title)
})

t.test(`${blackholeStop.name} and ${blackholeCheck.name}`, async (t) => {
  const f = blackhole({ trafficType: 'egress', port: 80 })
  t.strictSame(lines(blackholeStop(PID, f)), [
    `${NS} iptables -w 5 -F egress-tcp-80`,
    `${NS} iptables -w 5 -D OUTPUT -j egress-tcp-80`,
    `${NS} iptables -w 5 -X egress-tcp-80`,
    `${NS} ip6tables -w 5 -F egress-tcp-80  [ipv6]`,
    `${NS} ip6tables -w 5 -D OUTPUT -j egress-tcp-80  [ipv6]`,
    `${NS} ip6tables -w 5 -X egress-tcp-80  [ipv6]`,
  ])
  t.strictSame(lines([blackholeCheck(PID, f)]), [`${NS} iptables -w 5 -C egress-tcp-80 -p tcp --dport 80 -j DROP`])
})

const latency = (over: Partial<LatencyFault> = {}): LatencyFault => ({
  type: 'network-latency',
  delayMilliseconds: 123456789n,
  jitterMilliseconds: 4567n,
  sources: ['52.95.154.1', '1:2:3:4::'],
  sourcesToFilter: ['8.8.8.8'],
  flowsPercent: 100,
  ...over,
})
const PRIOMAP = 'priomap 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2'

t.test(latencyStart.name, async (t) => {
  const cmds = lines(latencyStart(PID, latency()))
  t.strictSame(cmds.slice(0, 3), [
    `${NS} tc qdisc add dev eth0 root handle 1: prio ${PRIOMAP}`,
    `${NS} tc qdisc add dev eth0 parent 1:1 handle 10: prio bands 10 ${PRIOMAP}`,
    `${NS} tc qdisc add dev eth0 parent 10:1 handle 100: prio bands 10 ${PRIOMAP}`,
  ])
  t.equal(cmds[11], `${NS} tc qdisc add dev eth0 parent 10:a handle 109: prio bands 10 ${PRIOMAP}`, 'hex class ids')
  const netem = cmds.filter((c) => c.includes(' netem '))
  t.equal(netem.length, 100, 'netem on every band at FlowsPercent 100')
  t.equal(netem[0], `${NS} tc qdisc add dev eth0 parent 100:1 handle 200: netem delay 123456789ms 4567ms`)
  t.equal(netem[9], `${NS} tc qdisc add dev eth0 parent 100:a handle 209: netem delay 123456789ms 4567ms`)
  t.equal(netem[99], `${NS} tc qdisc add dev eth0 parent 109:a handle 299: netem delay 123456789ms 4567ms`)
  t.strictSame(
    cmds.filter((c) => c.includes(' u32 ')),
    [
      `${NS} tc filter add dev eth0 protocol all parent 1:0 prio 1 u32 match ip dst 8.8.8.8 flowid 1:3`,
      `${NS} tc filter add dev eth0 protocol all parent 1:0 prio 2 u32 match ip dst 52.95.154.1 flowid 1:1`,
      `${NS} tc filter add dev eth0 protocol all parent 1:0 prio 2 u32 match ip6 dst 1:2:3:4:: flowid 1:1`,
    ],
    'sources to filter to the untouched band first, then sources to the impaired one',
  )
  const hash = cmds.filter((c) => c.includes(' flow hash '))
  const keys = 'flow hash keys src,dst,proto,proto-src,proto-dst divisor 10'
  t.strictSame(
    [hash[0], hash[10]],
    [
      `${NS} tc filter add dev eth0 protocol all parent 10: handle 1 prio 2 ${keys} baseclass 10:1`,
      `${NS} tc filter add dev eth0 protocol all parent 109: handle 10 prio 2 ${keys} baseclass 109:1`,
    ],
  )
  t.equal(hash.length, 11)
  t.equal(cmds.length, 12 + 100 + 3 + 11, 'nothing else')

  const some = lines(latencyStart(PID, latency({ flowsPercent: 25, delayMilliseconds: 0n })))
  const some25 = some.filter((c) => c.includes(' netem '))
  t.equal(some25.length, 25, 'FlowsPercent 25: netem on 25 bands')
  t.equal(some25[24], `${NS} tc qdisc add dev eth0 parent 102:5 handle 224: netem delay 0ms 4567ms`)
})

t.test(`${tcStop.name}, ${tcRollback.name}, ${tcCheck.name}`, async (t) => {
  t.strictSame(lines(tcStop(PID)), [
    `${NS} tc qdisc del dev eth0 parent 1:1 handle 10:`,
    `${NS} tc qdisc del dev eth0 root handle 1: prio`,
  ])
  t.strictSame(lines(tcRollback(PID)), [`${NS} tc qdisc del dev eth0 root handle 1: prio`])
  t.strictSame(lines([tcCheck(PID)]), [`${NS} tc -j q show dev eth0 parent 100:1`])
})

t.test(tcFaults.name, async (t) => {
  // The agent's own test outputs (ecs-agent/tmds/handlers/fault/v1/handlers/handlers_test.go).
  const latencyOut = `[{"kind":"netem","handle":"10:","parent":"1:1","options":{"limit":1000,"delay":{"delay":123456789,"jitter":4567,"correlation":0},"ecn":false,"gap":0}}]`
  const zeroDelay = `[{"kind":"netem","handle":"10:","parent":"1:1","options":{"limit":1000,"ecn":false,"gap":0}}]`
  const lossOut = `[{"kind":"netem","handle":"10:","dev":"eth0","parent":"1:1","options":{"limit":1000,"loss-random":{"loss":0.06,"correlation":0},"ecn":false,"gap":0}}]`
  t.strictSame(tcFaults(latencyOut), { latency: true, packetLoss: false })
  t.strictSame(tcFaults(zeroDelay), { latency: true, packetLoss: false }, 'no delay field: still latency')
  t.strictSame(tcFaults(lossOut), { latency: false, packetLoss: true })
  t.strictSame(tcFaults('[]'), { latency: false, packetLoss: false })
  t.throws(() => tcFaults('{"kind":"netem"}'))
  t.throws(() => tcFaults('not json'))
})

const loss = (over: Partial<PacketLossFault> = {}): PacketLossFault => ({
  type: 'network-packet-loss',
  lossPercent: 6,
  sources: ['169.254.170.1', '1:2:3:4::'],
  sourcesToFilter: ['169.254.170.2'],
  flowsPercent: 100,
  ...over,
})

t.test(packetLossStart.name, async (t) => {
  const drop = '-m statistic --mode random --probability 0.06 -j DROP'
  t.strictSame(lines(packetLossStart(PID, loss())), [
    `${NS} iptables -w 5 -N network-packet-loss-flows`,
    `${NS} iptables -w 5 -A network-packet-loss-flows ${drop}`,
    `${NS} iptables -w 5 -N network-packet-loss`,
    `${NS} iptables -w 5 -A network-packet-loss -d 169.254.170.2 -j RETURN`,
    `${NS} iptables -w 5 -A network-packet-loss -d 169.254.170.1 -j network-packet-loss-flows`,
    `${NS} iptables -w 5 -I OUTPUT -o eth0 -j network-packet-loss`,
    `${NS} ip6tables -w 5 -N network-packet-loss-flows  [ipv6]`,
    `${NS} ip6tables -w 5 -A network-packet-loss-flows ${drop}  [ipv6]`,
    `${NS} ip6tables -w 5 -N network-packet-loss  [ipv6]`,
    `${NS} ip6tables -w 5 -A network-packet-loss -d 1:2:3:4:: -j network-packet-loss-flows  [ipv6]`,
    `${NS} ip6tables -w 5 -I OUTPUT -o eth0 -j network-packet-loss  [ipv6]`,
  ])

  const hmark = '-j HMARK --hmark-tuple src,dst,sport,dport,proto --hmark-mod 100 --hmark-rnd 0xec5fa017'
  const v4 = (f: PacketLossFault) => lines(packetLossStart(PID, f)).filter((c) => c.includes(' iptables '))
  const few = v4(loss({ flowsPercent: 3, lossPercent: 100 }))
  t.strictSame(
    few.slice(0, 5),
    [
      `${NS} iptables -w 5 -N network-packet-loss-flows`,
      `${NS} iptables -w 5 -A network-packet-loss-flows ${hmark}`,
      `${NS} iptables -w 5 -A network-packet-loss-flows -m mark --mark 0 -m statistic --mode random --probability 1 -j DROP`,
      `${NS} iptables -w 5 -A network-packet-loss-flows -m mark --mark 1 -m statistic --mode random --probability 1 -j DROP`,
      `${NS} iptables -w 5 -A network-packet-loss-flows -m mark --mark 2 -m statistic --mode random --probability 1 -j DROP`,
    ],
    'FlowsPercent 3: the flows hashed into buckets 0-2 lose packets',
  )
  t.equal(few[5], `${NS} iptables -w 5 -N network-packet-loss`)
  const most = v4(loss({ flowsPercent: 98 }))
  t.strictSame(
    most.slice(1, 5),
    [
      `${NS} iptables -w 5 -A network-packet-loss-flows ${hmark}`,
      `${NS} iptables -w 5 -A network-packet-loss-flows -m mark --mark 98 -j RETURN`,
      `${NS} iptables -w 5 -A network-packet-loss-flows -m mark --mark 99 -j RETURN`,
      `${NS} iptables -w 5 -A network-packet-loss-flows ${drop}`,
    ],
    'FlowsPercent 98: buckets 98 and 99 spared, the rest lose packets',
  )
})

t.test(`${packetLossStop.name}, ${packetLossCheck.name}, ${probability.name}`, async (t) => {
  t.strictSame(lines(packetLossStop(PID)).slice(0, 5), [
    `${NS} iptables -w 5 -D OUTPUT -o eth0 -j network-packet-loss`,
    `${NS} iptables -w 5 -F network-packet-loss`,
    `${NS} iptables -w 5 -X network-packet-loss`,
    `${NS} iptables -w 5 -F network-packet-loss-flows`,
    `${NS} iptables -w 5 -X network-packet-loss-flows`,
  ])
  t.equal(packetLossStop(PID).length, 10, 'and the same in ip6tables')
  t.strictSame(lines([packetLossCheck(PID)]), [`${NS} iptables -w 5 -C OUTPUT -o eth0 -j network-packet-loss`])
  t.strictSame([1, 6, 10, 99, 100].map(probability), ['0.01', '0.06', '0.10', '0.99', '1'])
})
