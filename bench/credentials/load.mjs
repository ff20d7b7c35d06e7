// Runs inside a task container: autocannon against one URL, prints {rps, p50, p99, errors, non2xx} as JSON.
import autocannon from 'autocannon'

const [url, seconds = '5', connections = '64'] = process.argv.slice(2)
const r = await autocannon({ url, duration: Number(seconds), connections: Number(connections) })
console.log(
  JSON.stringify({
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total: r.requests.total,
  }),
)
