// Import rules for src/, checked by `npm run deps` (dependency-cruiser). They are the arrows of DESIGN.md
// section 2: no import cycle, and no arrow running upward. Type-only imports count everywhere (tsc erases them,
// but they still tie the modules together), except where a rule says otherwise. The CLI's runtime closure is
// checked separately by .dependency-cruiser-cli.js.

/** Directories the CLI client must not import: the daemon's side of the program. */
export const DAEMON_SIDE = '^src/(agent|docker|aws|localaws|endpoints)/'
// The one piece of docker/ the client may use: the engine probe `run` makes before starting a daemon (one /_ping
// over undici, no dockerode), so a missing engine is reported at once.
export const CLIENT_ALLOWED = '^src/docker/ping\\.ts$'
// `ecs-local doctor` asks the engine, STS and ECR what the daemon will ask them, so it needs their clients: its
// composition root, like daemon.ts, is loaded only by its command and only with import(); the rules below keep it so.
export const DOCTOR_ROOT = '^src/doctor/run\\.ts$'

export const options = {
  tsPreCompilationDeps: true,
  tsConfig: { fileName: 'tsconfig.json' },
  // npm packages are leaves: their own imports are not ours to check.
  doNotFollow: { path: 'node_modules' },
  enhancedResolveOptions: {
    exportsFields: ['exports'],
    conditionNames: ['import', 'require', 'node', 'default', 'types'],
    mainFields: ['module', 'main', 'types', 'typings'],
  },
}

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle anywhere in src/, type-only imports included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'agent-not-to-docker',
      severity: 'error',
      comment:
        'agent/ never imports docker/: it owns the ContainerEngine interface and daemon.ts passes the engine in.',
      from: { path: '^src/agent/' },
      to: { path: '^src/docker/' },
    },
    {
      name: 'model-imports-only-model',
      severity: 'error',
      comment: 'model/ holds plain types shared downward: no imports from the project outside model/.',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/model/' },
    },
    {
      name: 'aws-imports-only-downward',
      severity: 'error',
      comment: 'aws/ imports only aws/, model/, lib/ (pure helpers), errors.ts and log.ts.',
      from: { path: '^src/aws/' },
      to: { path: '^src/', pathNot: ['^src/(aws|model|lib)/', '^src/errors\\.ts$', '^src/log\\.ts$'] },
    },
    {
      name: 'localaws-not-upward',
      severity: 'error',
      comment: 'localaws/ is the embedded local AWS: it does not import agent/, docker/, endpoints/, control/ or cli/.',
      from: { path: '^src/localaws/' },
      to: { path: '^src/(agent|docker|endpoints|control|cli)/' },
    },
    {
      name: 'endpoints-read-only-the-registry',
      severity: 'error',
      comment: 'endpoints/ answers from the in-memory registry: from agent/ it imports agent/registry.ts only.',
      from: { path: '^src/endpoints/' },
      to: { path: '^src/agent/', pathNot: '^src/agent/registry\\.ts$' },
    },
    {
      name: 'config-not-to-agent',
      severity: 'error',
      comment: 'config.ts builds one Config from flags and environment: it imports nothing from agent/.',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/agent/' },
    },
    {
      name: 'control-agent-types-only',
      severity: 'error',
      comment: "control/ depends on the agent's interfaces only: type-only imports from agent/, no runtime ones.",
      from: { path: '^src/control/' },
      to: { path: '^src/agent/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-not-to-daemon-side',
      severity: 'error',
      comment: 'cli/ is a thin client: it imports none of agent/, docker/, aws/, localaws/, endpoints/.',
      from: { path: '^src/cli/' },
      to: { path: DAEMON_SIDE, pathNot: CLIENT_ALLOWED },
    },
    {
      name: 'daemon-started-only-by-daemon-command',
      severity: 'error',
      comment: 'daemon.ts is the composition root: only cli/daemonCommand.ts imports it, and only dynamically.',
      from: { path: '^src/', pathNot: '^src/cli/daemonCommand\\.ts$' },
      to: { path: '^src/daemon\\.ts$' },
    },
    {
      name: 'doctor-started-only-by-doctor-command',
      severity: 'error',
      comment: "doctor/run.ts wires the doctor's real probes (SDK clients, dockerode): only cli/doctor.ts imports it.",
      from: { path: '^src/', pathNot: '^src/cli/doctor\\.ts$' },
      to: { path: DOCTOR_ROOT },
    },
    {
      name: 'doctor-imported-dynamically',
      severity: 'error',
      comment: 'The doctor command loads doctor/run.ts with import(), so no other command loads what it brings.',
      from: { path: '^src/cli/doctor\\.ts$' },
      to: { path: DOCTOR_ROOT, dynamic: false },
    },
    {
      name: 'daemon-imported-dynamically',
      severity: 'error',
      comment: 'The daemon command loads daemon.ts with import(), so the other commands never load the daemon side.',
      from: { path: '^src/cli/daemonCommand\\.ts$' },
      to: { path: '^src/daemon\\.ts$', dynamic: false },
    },
  ],
  options,
}
