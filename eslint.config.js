// ESLint flat config: type-checked rules plus the layer boundaries of docs/ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const layer = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'artifacts', 'bin', '*.config.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            layer(
              './src/core',
              './src/!(core)/**/*',
              'core is pure: it imports nothing outside src/core',
            ),
            layer('./src/core', './web', 'core is pure'),
            layer('./src/extract', './src/!(core|extract)/**/*', 'extract imports core only'),
            layer('./src/reports', './src/!(core|reports)/**/*', 'reports import core only'),
            layer(
              './src/services',
              './src/!(core|extract|reports|services|store)/**/*',
              'services import core, the pure libraries (extract, reports) and store ports',
            ),
            layer('./src/store', './src/!(core|store)/**/*', 'store imports core only'),
            layer('./src/contract', './src/!(core|contract)/**/*', 'contract holds schemas only'),
            layer(
              './web',
              './src/!(contract|core)/**/*',
              'web talks to the server through contract types only',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(?!\\.)', message: 'core imports no package and no node: module' }],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'time comes in through a Clock' },
        { object: 'Math', property: 'random', message: 'randomness comes in through a port' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'time comes in through a Clock',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
