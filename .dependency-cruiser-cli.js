// What the CLI client loads at run time, checked by `npm run deps` on the modules reachable from src/cli/. The
// thin client (run, stop, ps, ...) must not load the daemon's side of the program, nor fastify or an AWS SDK
// client (DESIGN.md section 2: "a run costs little more than docker run"). There are two ways in to the daemon's
// side, each a dynamic import by one command that .dependency-cruiser.js allows no other: daemon.ts, by
// `ecs-local daemon` (cli/daemonCommand.ts), and doctor/run.ts, by `ecs-local doctor` (cli/doctor.ts), which must
// ask the engine, STS and ECR what the daemon will ask them and so needs their clients. This pass follows
// neither. Type-only imports are left out here: tsc erases them, so they load nothing (the direct rules in
// .dependency-cruiser.js still count them).
import { CLIENT_ALLOWED, DAEMON_SIDE, DOCTOR_ROOT, options } from './.dependency-cruiser.js'

export default {
  forbidden: [
    {
      name: 'cli-loads-no-daemon-side',
      severity: 'error',
      comment:
        'The CLI client loads none of agent/, docker/, aws/, localaws/, endpoints/ (shown: where its closure first enters them).',
      from: { path: '^src/', pathNot: DAEMON_SIDE },
      to: { path: DAEMON_SIDE, pathNot: CLIENT_ALLOWED },
    },
    {
      name: 'cli-loads-no-server-or-aws-client',
      severity: 'error',
      comment: 'The CLI client loads no fastify and no AWS SDK client.',
      from: { path: '^src/', pathNot: DAEMON_SIDE },
      to: { path: '(^|/)node_modules/(fastify|@aws-sdk/client-[^/]+)/' },
    },
  ],
  options: {
    ...options,
    tsPreCompilationDeps: false,
    doNotFollow: { path: ['node_modules', '^src/daemon\\.ts$', DOCTOR_ROOT] },
  },
}
