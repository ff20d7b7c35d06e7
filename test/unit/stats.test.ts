import t from 'tap'
import type { ContainerRecord, TaskRecord } from '../../src/model/task.js'
import { networkRate } from '../../src/agent/networkRate.js'
import { toStatsResponse, toTaskStatsResponse } from '../../src/endpoints/statsResponse.js'

const sample = (read: string, rx: number, tx: number) => ({
  read,
  memory_stats: { usage: 1 },
  networks: { eth0: { rx_bytes: rx, tx_bytes: tx } },
})

t.test(`${networkRate.name}: bytes per second between two samples, over all interfaces`, async (t) => {
  const a = sample('2026-01-01T00:00:00Z', 1000, 500)
  const b = {
    ...sample('2026-01-01T00:00:02Z', 3000, 1500),
    networks: { eth0: { rx_bytes: 2000, tx_bytes: 1000 }, eth1: { rx_bytes: 1000, tx_bytes: 500 } },
  }
  t.same(networkRate(a, b), { rx_bytes_per_sec: 1000, tx_bytes_per_sec: 500 })
  t.equal(networkRate(undefined, b), undefined, 'no rate from one sample')
  t.equal(networkRate(b, b), undefined, 'no rate over no time')
})

t.test(
  'stats responses: the sample as Docker sent it; v4 adds network_rate_stats; awsvpc networks from the pause container',
  async (t) => {
    const rate = { rx_bytes_per_sec: 10, tx_bytes_per_sec: 5 }
    const app = {
      name: 'app',
      type: 'NORMAL',
      dockerId: 'd1',
      stats: { sample: { read: 'x', memory_stats: { usage: 7 } } },
    } as unknown as ContainerRecord
    const idle = { name: 'idle', type: 'NORMAL', dockerId: 'd2' } as unknown as ContainerRecord
    const pause = {
      type: 'CNI_PAUSE',
      stats: { sample: sample('y', 1, 2), networkRate: rate },
    } as unknown as ContainerRecord
    const task = { networkMode: 'awsvpc', pause, containers: [app, idle] } as unknown as TaskRecord
    t.same(toStatsResponse(task, app, 4), {
      read: 'x',
      memory_stats: { usage: 7 },
      networks: sample('y', 1, 2).networks,
      network_rate_stats: rate,
    })
    t.notOk('network_rate_stats' in (toStatsResponse(task, app, 3) as object), 'v3 has no network_rate_stats')
    t.equal(toStatsResponse(task, idle, 4), undefined, 'no sample yet')
    t.same(Object.keys(toTaskStatsResponse(task, 4)), ['d1', 'd2'], 'task stats keyed by Docker id')
    t.strictSame(toTaskStatsResponse(task, 4).d2, {}, 'v4: an empty StatsResponse before a sample')
    t.equal(toTaskStatsResponse(task, 3).d2, null, 'v2/v3: a nil *StatsJSON')
  },
)
