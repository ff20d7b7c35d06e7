import t from 'tap'
import { validateTaskDefinition } from '../../src/taskdef/validate.js'

// The registration rules for the members ECS hands to Docker, each named by the JSON path of what breaks it. The
// rule's source is next to it in src/taskdef/launchRules.ts and containerFields.ts.

type Doc = Record<string, unknown>
const container = (c: Doc = {}): Doc => ({ name: 'app', image: 'app:1', ...c })
const bridge = (c: Doc, task: Doc = {}): Doc => ({
  family: 'f',
  networkMode: 'bridge',
  containerDefinitions: [container(c)],
  ...task,
})
const awsvpc = (c: Doc, task: Doc = {}): Doc => bridge(c, { networkMode: 'awsvpc', ...task })
const fargate = (c: Doc, task: Doc = {}): Doc =>
  awsvpc(c, { requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', ...task })
const AT = 'containerDefinitions\\[0\\] \\(app\\)'
const invalid = (message: RegExp) => ({ code: 'ECSL_ERR_TASKDEF_INVALID', message })

const refused: Array<[string, Doc, RegExp]> = [
  // awsvpc, any launch type.
  [
    'awsvpc: hostname',
    awsvpc({ hostname: 'h' }),
    new RegExp(`: ${AT}\\.hostname is not supported with networkMode awsvpc`),
  ],
  ['awsvpc: links', awsvpc({ links: ['db'] }), new RegExp(`: ${AT}\\.links is not supported .*localhost`)],
  [
    'awsvpc: extraHosts',
    awsvpc({ extraHosts: [{ hostname: 'a', ipAddress: '10.0.0.1' }] }),
    new RegExp(`: ${AT}\\.extraHosts is not supported`),
  ],
  ['awsvpc: dnsServers', awsvpc({ dnsServers: ['10.0.0.2'] }), new RegExp(`: ${AT}\\.dnsServers is not supported`)],
  ['awsvpc: dnsSearchDomains', awsvpc({ dnsSearchDomains: ['x'] }), new RegExp(`: ${AT}\\.dnsSearchDomains is not`)],
  // Fargate.
  ['Fargate: privileged', fargate({ privileged: true }), new RegExp(`: ${AT}\\.privileged is not valid for Fargate`)],
  [
    'Fargate: disableNetworking',
    fargate({ disableNetworking: true }),
    new RegExp(`: ${AT}\\.disableNetworking is not valid for Fargate`),
  ],
  [
    'Fargate: dockerSecurityOptions',
    fargate({ dockerSecurityOptions: ['no-new-privileges'] }),
    new RegExp(`: ${AT}\\.dockerSecurityOptions is not valid for Fargate`),
  ],
  ...(['devices', 'sharedMemorySize', 'tmpfs', 'maxSwap', 'swappiness'] as const).map((key): [string, Doc, RegExp] => [
    `Fargate: linuxParameters.${key}`,
    fargate({
      memory: 256,
      linuxParameters: {
        devices: { devices: [{ hostPath: '/dev/fuse' }] },
        sharedMemorySize: { sharedMemorySize: 64 },
        tmpfs: { tmpfs: [{ containerPath: '/t', size: 8 }] },
        maxSwap: { maxSwap: 0 },
        swappiness: { swappiness: 10 },
      }[key],
    }),
    new RegExp(`: ${AT}\\.linuxParameters\\.${key} is not valid for Fargate`),
  ]),
  [
    'Fargate: capabilities.add other than SYS_PTRACE',
    fargate({ linuxParameters: { capabilities: { add: ['SYS_PTRACE', 'NET_ADMIN'] } } }),
    new RegExp(`: ${AT}\\.linuxParameters\\.capabilities\\.add\\[1\\]: Fargate only lets a task add SYS_PTRACE`),
  ],
  [
    'Fargate: a kernel parameter that is not namespaced',
    fargate({ systemControls: [{ namespace: 'vm.swappiness', value: '1' }] }),
    new RegExp(`: ${AT}\\.systemControls\\[0\\]\\.namespace: Fargate takes only namespaced`),
  ],
  ['Fargate: pidMode host', fargate({}, { pidMode: 'host' }), /: pidMode: Fargate takes only task/],
  ['Fargate: ipcMode', fargate({}, { ipcMode: 'task' }), /: ipcMode is not valid for Fargate/],
  [
    'Fargate: container cpu above the task’s',
    fargate({ cpu: 512 }),
    /containerDefinitions reserve 512 cpu units in all, more than the task's cpu \(256\)/,
  ],
  // Namespaces, memory.
  ['pidMode values', bridge({}, { pidMode: 'private' }), /: pidMode must be one of host, task \(got "private"\)/],
  ['ipcMode values', bridge({}, { ipcMode: 'shareable' }), /: ipcMode must be one of host, none, task/],
  [
    'ipcMode host: no IPC kernel parameters',
    bridge({ systemControls: [{ namespace: 'kernel.shmmax', value: '1' }] }, { ipcMode: 'host' }),
    new RegExp(`: ${AT}\\.systemControls\\[0\\]: kernel\\.shmmax is an IPC namespace parameter, and ipcMode is host`),
  ],
  [
    'container memory above the task’s (the agent fails the task)',
    bridge({ memory: 1024 }, { memory: '512' }),
    new RegExp(`: ${AT}\\.memory \\(1024 MiB\\) is more than the task's memory \\(512 MiB\\)`),
  ],
  [
    'reservations above the task memory',
    {
      ...bridge({ memoryReservation: 300 }, { memory: '0.5 GB' }),
      containerDefinitions: [container({ memoryReservation: 300 }), container({ name: 'b', memory: 300 })],
    },
    /reserve 600 MiB in all .*more than the task's memory \(512 MiB\)/,
  ],
  ['task memory that is not a size', bridge({}, { memory: '512 MB' }), /: memory must be MiB \("512"\) or GB/],
  ['task cpu that is not a size', bridge({}, { cpu: 'two' }), /: cpu must be CPU units \("256"\) or vCPUs/],
  [
    'maxSwap without a memory limit',
    bridge({ linuxParameters: { maxSwap: 512 } }),
    new RegExp(`: ${AT}\\.linuxParameters\\.maxSwap needs a memory limit`),
  ],
  // Shapes.
  [
    'ulimits name',
    bridge({ ulimits: [{ name: 'files', softLimit: 1, hardLimit: 1 }] }),
    new RegExp(`: ${AT}\\.ulimits\\[0\\]\\.name must be one of core, cpu`),
  ],
  [
    'ulimits limits',
    bridge({ ulimits: [{ name: 'nofile', softLimit: 1 }] }),
    new RegExp(`: ${AT}\\.ulimits\\[0\\]\\.hardLimit is required`),
  ],
  [
    'capability names',
    bridge({ linuxParameters: { capabilities: { drop: ['NET_RAW', 'FLY'] } } }),
    new RegExp(`: ${AT}\\.linuxParameters\\.capabilities\\.drop\\[1\\] must be a Linux capability .*"FLY"`),
  ],
  [
    'device host path',
    bridge({ linuxParameters: { devices: [{ containerPath: '/dev/x' }] } }),
    new RegExp(`: ${AT}\\.linuxParameters\\.devices\\[0\\]\\.hostPath is required`),
  ],
  [
    'device permissions',
    bridge({ linuxParameters: { devices: [{ hostPath: '/dev/x', permissions: ['rw'] }] } }),
    new RegExp(`: ${AT}\\.linuxParameters\\.devices\\[0\\]\\.permissions\\[0\\] must be one of mknod, read, write`),
  ],
  [
    'tmpfs size',
    bridge({ linuxParameters: { tmpfs: [{ containerPath: '/t' }] } }),
    new RegExp(`: ${AT}\\.linuxParameters\\.tmpfs\\[0\\]\\.size is required`),
  ],
  [
    'tmpfs mount options',
    bridge({ linuxParameters: { tmpfs: [{ containerPath: '/t', size: 1, mountOptions: ['fast'] }] } }),
    new RegExp(`: ${AT}\\.linuxParameters\\.tmpfs\\[0\\]\\.mountOptions\\[0\\] must be a tmpfs mount option`),
  ],
  [
    'swappiness range',
    bridge({ memory: 64, linuxParameters: { maxSwap: 0, swappiness: 101 } }),
    new RegExp(`: ${AT}\\.linuxParameters\\.swappiness must be a whole number from 0 to 100`),
  ],
  ['booleans', bridge({ privileged: 'yes' }), new RegExp(`: ${AT}\\.privileged must be true or false`)],
  ['string lists', bridge({ dnsServers: '10.0.0.2' }), new RegExp(`: ${AT}\\.dnsServers must be an array of strings`)],
  [
    'extraHosts entries',
    bridge({ extraHosts: [{ hostname: 'a' }] }),
    new RegExp(`: ${AT}\\.extraHosts\\[0\\] must be \\{"hostname": string, "ipAddress": string\\}`),
  ],
  [
    'systemControls entries',
    bridge({ systemControls: [{ namespace: 'net.core.somaxconn', value: 1024 }] }),
    new RegExp(`: ${AT}\\.systemControls\\[0\\] must be \\{"namespace": string, "value": string\\}`),
  ],
  [
    'dockerSecurityOptions credentialspec: no Active Directory locally',
    bridge({ dockerSecurityOptions: ['no-new-privileges', 'credentialspec:file://gmsa.json'] }),
    new RegExp(
      `: ${AT}\\.dockerSecurityOptions\\[1\\]: credentialspec \\(gMSA, Active Directory\\) is not supported locally`,
    ),
  ],
]

for (const [title, doc, message] of refused) {
  t.test(`${validateTaskDefinition.name} refuses: ${title}`, async (t) => {
    t.throws(() => validateTaskDefinition(doc), invalid(message))
  })
}

t.test(`${validateTaskDefinition.name} accepts what ECS accepts`, async (t) => {
  const everything = {
    ulimits: [{ name: 'nofile', softLimit: 2048, hardLimit: 8192 }],
    linuxParameters: {
      capabilities: { add: ['NET_ADMIN', 'CAP_SYS_TIME'], drop: ['ALL'] },
      devices: [{ hostPath: '/dev/fuse', permissions: ['read', 'write', 'mknod'] }],
      initProcessEnabled: true,
      sharedMemorySize: 64,
      tmpfs: [{ containerPath: '/t', size: 8, mountOptions: ['noexec', 'mode=1777'] }],
      maxSwap: 0,
      swappiness: 0,
    },
    memory: 256,
    readonlyRootFilesystem: true,
    privileged: true,
    dockerSecurityOptions: ['no-new-privileges', 'apparmor:docker-default'],
    dnsServers: ['10.0.0.2'],
    dnsSearchDomains: ['corp.example'],
    extraHosts: [{ hostname: 'db', ipAddress: '10.1.2.3' }],
    systemControls: [{ namespace: 'kernel.shmmax', value: '1' }],
    interactive: true,
    pseudoTerminal: true,
    disableNetworking: true,
    hostname: 'h',
    links: ['x'],
  }
  t.doesNotThrow(() => validateTaskDefinition(bridge(everything, { pidMode: 'host', ipcMode: 'task' })), 'bridge (EC2)')
  const onFargate = {
    ulimits: [{ name: 'nofile', softLimit: 65535, hardLimit: 65535 }],
    linuxParameters: { capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] }, initProcessEnabled: true },
    readonlyRootFilesystem: true,
    systemControls: [
      { namespace: 'net.ipv4.tcp_keepalive_time', value: '500' },
      { namespace: 'fs.mqueue.msg_max', value: '20' },
    ],
    pseudoTerminal: true,
    cpu: 256,
    memoryReservation: 512,
  }
  t.doesNotThrow(() => validateTaskDefinition(fargate(onFargate, { pidMode: 'task' })), 'Fargate')
  t.doesNotThrow(() =>
    validateTaskDefinition(fargate({ linuxParameters: { capabilities: { add: ['CAP_SYS_PTRACE'] } } })),
  )
  t.doesNotThrow(
    () => validateTaskDefinition(bridge({ memory: 512 }, { memory: '512', cpu: '1 vCPU' })),
    'memory equal to the task’s',
  )
})
