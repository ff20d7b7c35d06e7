import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const ONLY_DOCKER_IMPORTS_DOCKERODE = {
  group: ['dockerode', 'dockerode/*'],
  message: 'Only src/docker/ may import dockerode.',
}

// agent/ never imports docker/ (types included): it owns the ContainerEngine interface that docker/ implements,
// and daemon.ts passes the engine in (DESIGN.md section 2). A later block replaces the rule's options for the files
// it matches, so this one repeats the dockerode pattern. `npm run deps` checks the same rule.
const AGENT_NOT_TO_DOCKER = {
  files: ['src/agent/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ONLY_DOCKER_IMPORTS_DOCKERODE,
          {
            regex: '^(\\.\\./)+docker(/|$)',
            message: 'src/agent/ must not import src/docker/: depend on the ContainerEngine interface in src/agent/.',
          },
        ],
      },
    ],
  },
}

export default tseslint.config(
  { ignores: ['dist/**', 'dist-check/**', 'node_modules/**', '.tap/**', 'docker/**/rootfs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // One door to Docker: only src/docker/ may import dockerode (types included).
    files: ['src/**/*.ts'],
    ignores: ['src/docker/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ONLY_DOCKER_IMPORTS_DOCKERODE] }] },
  },
  AGENT_NOT_TO_DOCKER,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
)
