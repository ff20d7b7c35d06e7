import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

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
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['dockerode', 'dockerode/*'], message: 'Only src/docker/ may import dockerode.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
)
