import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
      // The project service finds each file's tsconfig.json, so type-aware rules see the same
      // program as `tsc --noEmit`.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // A promise nobody awaits loses its rejection; one passed where a callback is expected
      // (an event handler, a setTimeout) is never awaited at all.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Exported functions are the library's and the harness's API: their return types are
      // written down, not inferred from whatever the body happens to return.
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      // A rejection follows the rule `only-throw-error` applies to `throw`: a value typed any
      // or unknown passes on as it is. An abort signal's reason is typed any, and the library
      // rejects with it unchanged, so a caller gets back the reason it aborted with.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      'no-console': 'off',
    },
  },
  {
    // The few plain JavaScript files (this config, the Node version guard, the bench's RSS
    // probe) are in no tsconfig: lint them without type information.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    extends: [vitest.configs.recommended],
    rules: {
      // vitest's expect takes a message as its second argument, shown when the assertion fails.
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
      // expectTypeOf and the tests' own expectNoSecrets-style helpers assert too.
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect*'] }],
      // The checks every test of a file must pass (no machine left, no request Fly's spec
      // refuses) live in its afterEach.
      'vitest/no-standalone-expect': ['error', { additionalTestBlockFunctions: ['afterEach'] }],
    },
  },
  {
    // The action itself logs through @actions/core only, so every line lands in the workflow log.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
