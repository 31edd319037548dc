// Lint for the whole project. The import rules below are the design card:
// which part may import which (see README, "How it is built").
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [
    {
      name: 'electron',
      message: 'Only electron/main and electron/preload may import electron; the engine, CLI, shared code and renderer run without it.',
    },
  ],
};

/** Patterns a layer may not import, with the reason shown to whoever tries. */
const forbid = (...patterns) => patterns.map(([group, message]) => ({ group: [group].flat(), message }));

const NO_RENDERER = ['**/renderer/**', 'The renderer is web code; Node-side code never imports it.'];
const NO_MAIN = ['**/main/**', 'Only the Electron entry imports electron/main.'];
const NO_CLI = ['**/cli/**', 'The CLI is an adapter over the engine; nothing imports it.'];
const NO_SERVICES = ['**/services/**', 'This layer talks to the engine only through the IPC contract.'];
const NO_PRELOAD = ['**/preload/**', 'The preload is bundled on its own.'];
const NO_ENGINE_INTERNALS = [
  ['**/services/**', '!**/services/engine.ts'],
  'The CLI is an adapter: it calls engine methods (electron/services/engine.ts); use cases live on the engine.',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'bin/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/only-throw-error': 'error',
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests read NITRO replies and JSON output as parsed JSON, and vitest's asymmetric matchers
    // (expect.any, expect.stringContaining) are typed any: the no-unsafe family would flag every one.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...electronOnlyInShell, patterns: forbid(NO_RENDERER, NO_MAIN, NO_CLI, NO_PRELOAD) }],
    },
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...electronOnlyInShell, patterns: forbid(NO_RENDERER, NO_MAIN, NO_PRELOAD, NO_ENGINE_INTERNALS) },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: forbid(NO_RENDERER, NO_MAIN, NO_CLI, NO_PRELOAD, [
            '**/electron/**',
            'shared/ is the contract; it depends on nothing else in the project.',
          ]),
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: forbid(NO_RENDERER, NO_MAIN, NO_CLI, NO_SERVICES) }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: forbid(NO_RENDERER, NO_CLI, NO_PRELOAD) }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: forbid(NO_MAIN, NO_CLI, NO_PRELOAD, [
            '**/electron/**',
            'The renderer reaches the engine only through window.fieldkit.',
          ]),
        },
      ],
    },
  },
  {
    // Only the two contract wrappers touch raw IPC.
    files: ['**/*.{ts,tsx}'],
    ignores: ['electron/main/ipc-bind.ts', 'electron/preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]',
          message: 'Raw IPC lives only in electron/main/ipc-bind.ts and electron/preload/index.ts.',
        },
      ],
    },
  },
);
