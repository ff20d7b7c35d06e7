import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { cli, start, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { events, jsonOutputOf, writeTask } from '../helpers/tasks.js'

// The ContainerDefinition members ECS hands to Docker, and the task's cpu, memory and pidMode, seen from inside
// real containers: each container reads back what it was given from /proc, /sys/fs/cgroup and /etc. The image is
// the node one the other tests build FROM scratch (no shell), so the probes are node scripts.

const exec = promisify(execFile)
const MiB = 1024 * 1024
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** What the test reads of `docker inspect`. */
interface Inspected {
  Id: string
  HostConfig: {
    Dns?: string[]
    PidMode?: string
    NetworkMode?: string
    Memory?: number
    MemorySwap?: number
    Ulimits?: { Name: string; Soft: number; Hard: number }[]
  }
}

/** The one Docker container of a running task's container, found by the labels ecs-local puts on it. */
async function inspectByLabels(family: string, container: string): Promise<Inspected> {
  const { stdout } = await exec('docker', [
    'ps',
    '-q',
    '--filter',
    `label=com.amazonaws.ecs.task-definition-family=${family}`,
    '--filter',
    `label=com.amazonaws.ecs.container-name=${container}`,
  ])
  const id = stdout.trim()
  if (!id || id.includes('\n'))
    throw new Error(`expected one container ${container} of ${family}, got ${JSON.stringify(id)}`)
  const { stdout: json } = await exec('docker', ['inspect', id])
  return (JSON.parse(json) as Inspected[])[0] as Inspected
}

/** Reads the first of these files that exists (cgroup v2 and v1 name the same limit differently). */
const READ_FIRST = `const readFirst = (...paths) => { for (const p of paths) { try { return fs.readFileSync(p, 'utf8').trim() } catch {} } return null }`

const PROBE = `
const fs = require('fs')
${READ_FIRST}
const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\\n')
const mount = (path) => mounts.find((l) => l.split(' ')[1] === path) ?? null
let rootWrite = 'allowed'
try { fs.writeFileSync('/probe-write', 'x') } catch (e) { rootWrite = e.code }
fs.writeFileSync('/scratch/ok', 'x')
const peers = fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).map((p) => {
  try { return fs.readFileSync('/proc/' + p + '/cmdline', 'utf8').split('\\0').join(' ') } catch { return '' }
})
console.log(JSON.stringify({
  rootWrite,
  scratch: mount('/scratch'),
  shm: mount('/dev/shm'),
  nofile: fs.readFileSync('/proc/self/limits', 'utf8').split('\\n').find((l) => l.startsWith('Max open files')),
  capEff: /CapEff:\\s*(\\w+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1],
  keepalive: fs.readFileSync('/proc/sys/net/ipv4/tcp_keepalive_time', 'utf8').trim(),
  resolv: fs.readFileSync('/etc/resolv.conf', 'utf8'),
  hosts: fs.readFileSync('/etc/hosts', 'utf8'),
  pid1: fs.readFileSync('/proc/1/cmdline', 'utf8').split('\\0')[0],
  seesPeer: peers.some((c) => c.includes('ecs-local-peer-marker')),
  memoryMax: readFirst('/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'),
  cpuMax: readFirst('/sys/fs/cgroup/cpu.max', '/sys/fs/cgroup/cpu/cpu.cfs_quota_us', '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us'),
}))
// Stay up until the test has inspected the container, then exit 0 (which ends the task).
const until = Date.now() + 120000
const wait = () => fs.existsSync('/ctl/done') || Date.now() > until ? process.exit(0) : setTimeout(wait, 100)
wait()
`

t.test('container members and task limits, read back from inside the containers', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const ctl = mkdtempSync(join(tmpdir(), 'ecs-local-fields-'))
  // The probe runs without capabilities: not even root may look into a directory it cannot search.
  chmodSync(ctl, 0o755)
  const family = `fields-${process.pid}`
  const file = writeTask(
    d.stateDir,
    family,
    [
      {
        name: 'probe',
        image,
        command: ['node', '-e', PROBE],
        dependsOn: [
          { containerName: 'peer', condition: 'START' },
          { containerName: 'tty', condition: 'COMPLETE' },
          { containerName: 'offline', condition: 'COMPLETE' },
        ],
        readonlyRootFilesystem: true,
        ulimits: [{ name: 'nofile', softLimit: 2048, hardLimit: 8192 }],
        linuxParameters: {
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
          sharedMemorySize: 64,
          tmpfs: [{ containerPath: '/scratch', size: 16, mountOptions: ['noexec'] }],
        },
        systemControls: [{ namespace: 'net.ipv4.tcp_keepalive_time', value: '500' }],
        dnsServers: ['10.0.0.2'],
        dnsSearchDomains: ['ecs-local.test'],
        extraHosts: [{ hostname: 'ledger.internal', ipAddress: '10.0.12.7' }],
        mountPoints: [{ sourceVolume: 'ctl', containerPath: '/ctl', readOnly: true }],
      },
      {
        // Idles in the task's PID namespace, where the probe must see it.
        name: 'peer',
        image,
        essential: false,
        command: ['node', '-e', 'setInterval(() => {}, 1e6)', 'ecs-local-peer-marker'],
      },
      {
        name: 'tty',
        image,
        essential: false,
        pseudoTerminal: true,
        interactive: true,
        command: ['node', '-e', "console.log('tty out'); console.error('tty err')"],
      },
      {
        name: 'offline',
        image,
        essential: false,
        disableNetworking: true,
        command: [
          'node',
          '-e',
          `const dev = require('fs').readFileSync('/proc/net/dev', 'utf8').split('\\n').slice(2)
          console.log(JSON.stringify({ interfaces: dev.map((l) => l.split(':')[0].trim()).filter(Boolean) }))`,
        ],
      },
    ],
    {
      networkMode: 'bridge',
      pidMode: 'task',
      cpu: '256',
      memory: '512',
      volumes: [{ name: 'ctl', host: { sourcePath: ctl } }],
    },
  )

  const run = start(['run', file, '--aws', 'local', '--json'], d.env)
  t.teardown(() => run.child.kill('SIGINT'))
  for (let i = 0; i < 1200 && jsonOutputOf(run.stdout(), 'probe').length === 0; i++) {
    if (run.child.exitCode !== null) break
    await sleep(100)
  }
  // While it runs: what Docker was given (resolv.conf on a user-defined network names Docker's embedded DNS, whose
  // upstreams the dnsServers are), and the PID namespace holder.
  const probe = await inspectByLabels(family, 'probe')
  const holder = await inspectByLabels(family, '~internal~ecs~pause~namespace')
  t.strictSame(probe.HostConfig.Dns, ['10.0.0.2'], 'dnsServers -> Dns')
  t.equal(probe.HostConfig.PidMode, `container:${holder.Id}`, 'pidMode task: the namespace holder’s PID namespace')
  t.equal(holder.HostConfig.NetworkMode, 'none', 'the holder has no network')
  t.equal(probe.HostConfig.Memory, 512 * MiB, 'task memory as the container’s limit')
  t.equal(probe.HostConfig.MemorySwap, 512 * MiB, 'and no swap')
  writeFileSync(join(ctl, 'done'), '')
  const r = await run.exited
  t.equal(r.code, 0, r.stderr)

  const [seen] = jsonOutputOf<Record<string, string | boolean | null>>(r, 'probe')
  t.ok(seen, 'the probe reported')
  if (!seen) return
  t.equal(seen.rootWrite, 'EROFS', 'readonlyRootFilesystem: the root refuses a write')
  t.match(seen.scratch, /^tmpfs \/scratch tmpfs .*\bnoexec\b.*\bsize=16384k\b/, 'tmpfs: 16 MiB, noexec')
  t.match(seen.shm, /\bsize=65536k\b/, 'sharedMemorySize: /dev/shm is 64 MiB')
  // Node raises its own soft nofile limit to the hard one at start, so the soft limit is read from the engine.
  t.match(seen.nofile, /^Max open files\s+\d+\s+8192\s+files/, 'ulimits nofile: the hard limit, from inside')
  t.strictSame(probe.HostConfig.Ulimits, [{ Name: 'nofile', Soft: 2048, Hard: 8192 }], 'ulimits: soft and hard')
  t.equal(seen.capEff, '0000000000000400', 'capabilities: all dropped but NET_BIND_SERVICE (bit 10)')
  t.equal(seen.keepalive, '500', 'systemControls: net.ipv4.tcp_keepalive_time')
  t.match(seen.resolv, /^search ecs-local\.test$/m, 'dnsSearchDomains in resolv.conf')
  t.match(seen.resolv, /^nameserver /m)
  t.match(seen.hosts, /^10\.0\.12\.7\s+ledger\.internal$/m, 'extraHosts in /etc/hosts')
  t.equal(seen.seesPeer, true, 'pidMode task: the probe sees the peer container’s process')
  t.equal(seen.pid1, '/pause', 'PID 1 of the shared namespace is the namespace holder')
  t.equal(seen.memoryMax, String(512 * MiB), 'task memory 512: the cgroup’s memory limit')
  t.match(seen.cpuMax, /^25000( 100000)?$/, 'task cpu 256: a quota of 25 ms per 100 ms')

  const tty = events(r).flatMap((e) => (e.type === 'output' && e.container === 'tty' ? [e] : []))
  t.strictSame(tty.map((e) => e.line.replace(/\r$/, '')).sort(), ['tty err', 'tty out'], 'pseudoTerminal: the output')
  t.ok(
    tty.every((e) => e.stream === 'stdout'),
    'a TTY has one stream: all stdout',
  )
  t.strictSame(jsonOutputOf(r, 'offline'), [{ interfaces: ['lo'] }], 'disableNetworking: loopback only')
})

t.test('task memory is a hard limit: going over it OOM-kills the container, as on ECS', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const file = writeTask(
    d.stateDir,
    `oom-${process.pid}`,
    [
      {
        name: 'hog',
        image,
        linuxParameters: { initProcessEnabled: true },
        command: [
          'node',
          '-e',
          `const fs = require('fs')
          ${READ_FIRST}
          console.log(JSON.stringify({
            pid1: fs.readFileSync('/proc/1/cmdline', 'utf8').split('\\0')[0],
            memoryMax: readFirst('/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'),
          }))
          const held = []
          for (let i = 0; i < 16; i++) held.push(Buffer.alloc(64 * 1024 * 1024).fill(i + 1))
          console.log('still alive with 1 GiB')`,
        ],
      },
    ],
    { requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512' },
  )
  const r = await cli(['run', file, '--aws', 'local', '--json'], d.env)
  t.equal(r.code, 137, 'killed (SIGKILL): the essential container’s exit code')
  t.strictSame(jsonOutputOf(r, 'hog'), [{ pid1: '/sbin/docker-init', memoryMax: String(512 * MiB) }])
  t.notOk(r.stdout.includes('still alive'), 'it never got past the limit')
})
