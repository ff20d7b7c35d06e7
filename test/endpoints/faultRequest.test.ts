import t from 'tap'
import {
  parseBlackholePortRequest,
  parseLatencyRequest,
  parsePacketLossRequest,
} from '../../src/endpoints/faultRequest.js'
import { quoteChar, scanGoJson } from '../../src/endpoints/goJsonScan.js'
import { sourceFamily } from '../../src/lib/ipSource.js'

// The request bodies as the agent decodes (encoding/json's Decoder into ecs-agent/tmds/handlers/fault/v1/types)
// and validates them (ValidateRequest): each refusal's text, which the agent returns as {"Error": text} with 400.

const errorOf = (r: { ok: boolean; message?: string }) => (r.ok ? 'ok' : r.message)

t.test(`${scanGoJson.name}: Go's syntax errors, word for word`, async (t) => {
  const cases: Array<[string, string]> = [
    ['', 'EOF'],
    [' \n\t', 'EOF'],
    ['{', 'unexpected EOF'],
    ['{"Port":', 'unexpected EOF'],
    ['{"Port":1', 'unexpected EOF'],
    ['"abc', 'unexpected EOF'],
    ['tru', 'unexpected EOF'],
    ['nope', "invalid character 'o' in literal null (expecting 'u')"],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"Port":}', "invalid character '}' looking for beginning of value"],
    ['{Port:1}', "invalid character 'P' looking for beginning of object key string"],
    ['{"Port" 1}', "invalid character '1' after object key"],
    ['{"Port":1 "x":2}', `invalid character '"' after object key:value pair`],
    ['{"Port":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"S":[1 2]}', "invalid character '2' after array element"],
    ['{"S":[1,]}', "invalid character ']' looking for beginning of value"],
    ['{"Port":01}', "invalid character '1' after object key:value pair"],
    ['{"Port":-}', "invalid character '}' in numeric literal"],
    ['{"Port":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"Port":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"P":"a\\x"}', "invalid character 'x' in string escape code"],
    ['{"P":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"P":"a\nb"}', "invalid character '\\n' in string literal"],
    ["{'P':1}", "invalid character '\\'' looking for beginning of object key string"],
  ]
  for (const [body, want] of cases) {
    const r = scanGoJson(body)
    t.equal(r.ok ? 'ok' : r.message, want, JSON.stringify(body))
  }
  t.ok(scanGoJson('{"Port":1} trailing garbage').ok, 'Decode reads one value and no further')
  const deep = '['.repeat(10_001)
  t.equal(errorOf(scanGoJson(deep) as { ok: boolean; message?: string }), "invalid character '[' exceeded max depth")
})

t.test(`${quoteChar.name} is strconv.Quote's rune of the byte`, async (t) => {
  t.strictSame([0x09, 0x00, 0x7f, 0x85, 0xa0, 0xe9, 0x41].map(quoteChar), [
    "'\\t'",
    "'\\x00'",
    "'\\x7f'",
    "'\\u0085'",
    "'\\u00a0'",
    "'é'",
    "'A'",
  ])
})

t.test(`${parseBlackholePortRequest.name}: decoding and ValidateRequest`, async (t) => {
  const cases: Array<[string, string]> = [
    ['', 'required request body is missing'],
    ['{', 'unexpected EOF'],
    ['[]', 'json: cannot unmarshal array into Go value of type types.NetworkBlackholePortRequest'],
    ['"x"', 'json: cannot unmarshal string into Go value of type types.NetworkBlackholePortRequest'],
    [
      '{"Port":"1234","Protocol":"tcp","TrafficType":"ingress"}',
      'json: cannot unmarshal string into Go struct field NetworkBlackholePortRequest.Port of type uint16',
    ],
    [
      '{"Port":70000}',
      'json: cannot unmarshal number 70000 into Go struct field NetworkBlackholePortRequest.Port of type uint16',
    ],
    [
      '{"Port":-1}',
      'json: cannot unmarshal number -1 into Go struct field NetworkBlackholePortRequest.Port of type uint16',
    ],
    [
      '{"Port":1.5}',
      'json: cannot unmarshal number 1.5 into Go struct field NetworkBlackholePortRequest.Port of type uint16',
    ],
    [
      '{"Port":true}',
      'json: cannot unmarshal bool into Go struct field NetworkBlackholePortRequest.Port of type uint16',
    ],
    [
      '{"Port":1,"Protocol":6}',
      'json: cannot unmarshal number into Go struct field NetworkBlackholePortRequest.Protocol of type string',
    ],
    [
      '{"SourcesToFilter":"1.2.3.4"}',
      'json: cannot unmarshal string into Go struct field NetworkBlackholePortRequest.SourcesToFilter of type []*string',
    ],
    [
      '{"SourcesToFilter":[1]}',
      'json: cannot unmarshal number into Go struct field NetworkBlackholePortRequest.SourcesToFilter of type string',
    ],
    ['null', 'required parameter Port is missing'],
    ['{}', 'required parameter Port is missing'],
    ['{"Port":null,"Protocol":"tcp"}', 'required parameter Port is missing'],
    ['{"Port":1234}', 'required parameter Protocol is missing'],
    ['{"Port":1234,"Protocol":""}', 'required parameter Protocol is missing'],
    ['{"Port":1234,"Protocol":"tcp"}', 'required parameter TrafficType is missing'],
    ['{"Port":1234,"Protocol":"tcp","TrafficType":""}', 'required parameter TrafficType is missing'],
    ['{"Port":1234,"Protocol":"invalid","TrafficType":"ingress"}', 'invalid value invalid for parameter Protocol'],
    ['{"Port":1234,"Protocol":"TCP","TrafficType":"ingress"}', 'invalid value TCP for parameter Protocol'],
    ['{"Port":1234,"Protocol":"tcp","TrafficType":"invalid"}', 'invalid value invalid for parameter TrafficType'],
    [
      '{"Port":1234,"Protocol":"tcp","TrafficType":"ingress","SourcesToFilter":["bad"]}',
      'invalid value bad for parameter SourcesToFilter',
    ],
    [
      '{"Port":1234,"Protocol":"tcp","TrafficType":"ingress","SourcesToFilter":["1.2.333.3"]}',
      'invalid value 1.2.333.3 for parameter SourcesToFilter',
    ],
    [
      '{"Port":1234,"Protocol":"tcp","TrafficType":"ingress","SourcesToFilter":["2001::db8::1"]}',
      'invalid value 2001::db8::1 for parameter SourcesToFilter',
    ],
    [
      '{"Port":1234,"Protocol":"tcp","TrafficType":"ingress","SourcesToFilter":[null]}',
      'invalid value  for parameter SourcesToFilter',
    ],
  ]
  for (const [body, want] of cases) t.equal(errorOf(parseBlackholePortRequest(body)), want, body)

  const ok = parseBlackholePortRequest(
    '{"port":0,"PROTOCOL":"udp","TrafficType":"egress","SourcesToFilter":["10.0.0.0/8","::1"],"Unknown":{"a":[1]}}',
  )
  t.strictSame(
    ok,
    {
      ok: true,
      fault: {
        type: 'network-blackhole-port',
        port: 0,
        protocol: 'udp',
        trafficType: 'egress',
        sourcesToFilter: ['10.0.0.0/8', '::1'],
      },
    },
    'keys in any case, unknown keys skipped, port 0 allowed, as Go decodes and the agent validates',
  )
})

t.test(`${parseLatencyRequest.name}: decoding and ValidateRequest`, async (t) => {
  const base = { DelayMilliseconds: 100, JitterMilliseconds: 10, Sources: ['10.0.0.1'] }
  const body = (over: Record<string, unknown>) => JSON.stringify({ ...base, ...over })
  const cases: Array<[string, string]> = [
    ['', 'required request body is missing'],
    [body({ DelayMilliseconds: null }), 'required parameter DelayMilliseconds is missing'],
    [body({ JitterMilliseconds: undefined }), 'required parameter JitterMilliseconds is missing'],
    [
      body({ DelayMilliseconds: 0, JitterMilliseconds: 0 }),
      'required either DelayMilliseconds or JitterMilliseconds to be non-zero',
    ],
    [body({ Sources: [] }), 'required parameter Sources is missing'],
    [body({ Sources: null }), 'required parameter Sources is missing'],
    [body({ Sources: ['10.0.0.1', 'nope'] }), 'invalid value nope for parameter Sources'],
    [body({ Sources: ['fe80::1%eth0'] }), 'invalid value fe80::1%eth0 for parameter Sources'],
    [body({ Sources: ['10.0.0.0/33'] }), 'invalid value 10.0.0.0/33 for parameter Sources'],
    [body({ SourcesToFilter: ['x'] }), 'invalid value x for parameter SourcesToFilter'],
    [body({ FlowsPercent: 0 }), 'invalid value 0 for parameter flowsPercent'],
    [body({ FlowsPercent: 101 }), 'invalid value 101 for parameter flowsPercent'],
    [body({ FlowsPercent: -3 }), 'invalid value -3 for parameter flowsPercent'],
    [
      body({ FlowsPercent: 1.5 }),
      'json: cannot unmarshal number 1.5 into Go struct field NetworkLatencyRequest.FlowsPercent of type int',
    ],
    [
      '{"DelayMilliseconds":18446744073709551616}',
      'json: cannot unmarshal number 18446744073709551616 into Go struct field NetworkLatencyRequest.DelayMilliseconds of type uint64',
    ],
  ]
  for (const [b, want] of cases) t.equal(errorOf(parseLatencyRequest(b)), want, b)

  t.strictSame(
    parseLatencyRequest(
      '{"DelayMilliseconds":18446744073709551615,"JitterMilliseconds":0,"Sources":["1:2:3:4::/64"],"FlowsPercent":30}',
    ),
    {
      ok: true,
      fault: {
        type: 'network-latency',
        delayMilliseconds: 18446744073709551615n,
        jitterMilliseconds: 0n,
        sources: ['1:2:3:4::/64'],
        sourcesToFilter: [],
        flowsPercent: 30,
      },
    },
    'uint64 kept exact; FlowsPercent given',
  )
  const dflt = parseLatencyRequest(body({}))
  t.equal(dflt.ok && dflt.fault.flowsPercent, 100, 'FlowsPercent defaults to 100')
})

t.test(`${parsePacketLossRequest.name}: decoding and ValidateRequest`, async (t) => {
  const body = (over: Record<string, unknown>) => JSON.stringify({ LossPercent: 6, Sources: ['10.0.0.1'], ...over })
  const cases: Array<[string, string]> = [
    [body({ LossPercent: null }), 'required parameter LossPercent is missing'],
    [body({ LossPercent: 0 }), 'invalid value 0 for parameter LossPercent'],
    [body({ LossPercent: 101 }), 'invalid value 101 for parameter LossPercent'],
    ['{"LossPercent":18446744073709551615}', 'invalid value -1 for parameter LossPercent'],
    [
      body({ LossPercent: -1 }),
      'json: cannot unmarshal number -1 into Go struct field NetworkPacketLossRequest.LossPercent of type uint64',
    ],
    [body({ Sources: [] }), 'required parameter Sources is missing'],
    [body({ Sources: ['::ffff:1.2.3.4', 'bad'] }), 'invalid value bad for parameter Sources'],
    [body({ FlowsPercent: 0 }), 'invalid value 0 for parameter flowsPercent'],
  ]
  for (const [b, want] of cases) t.equal(errorOf(parsePacketLossRequest(b)), want, b)
  t.strictSame(parsePacketLossRequest(body({ LossPercent: 100, SourcesToFilter: ['169.254.170.2'] })), {
    ok: true,
    fault: {
      type: 'network-packet-loss',
      lossPercent: 100,
      sources: ['10.0.0.1'],
      sourcesToFilter: ['169.254.170.2'],
      flowsPercent: 100,
    },
  })
})

t.test(`${sourceFamily.name}: Go's IsIPv4/IsIPv6/IsIPv4CIDR/IsIPv6CIDR`, async (t) => {
  const cases: Array<[string, 4 | 6 | undefined]> = [
    ['10.0.0.1', 4],
    ['10.0.0.0/8', 4],
    ['10.0.0.0/008', 4],
    ['010.0.0.1', undefined],
    ['10.0.0.0/33', undefined],
    ['::1', 6],
    ['1:2:3:4::/64', 6],
    ['::ffff:1.2.3.4', 4],
    ['::ffff:1.2.3.4/120', 4],
    ['fe80::1%eth0', undefined],
    ['::/129', undefined],
    ['', undefined],
    ['example.com', undefined],
  ]
  for (const [s, want] of cases) t.equal(sourceFamily(s), want, s)
})
