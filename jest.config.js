// Three tiers share one config: unit (*.spec.ts), integration (*.integration-spec.ts)
// and e2e (test/**/*.e2e-spec.ts). Select a tier with --selectProjects.
const moduleNameMapper = {
  '^@luoshi/(domain|notifications|jobs|infra|core)(|/.*)$': '<rootDir>/libs/$1/src$2',
};
// ESM-only dependencies (Node's require(esm) loads them in production; Jest's loader cannot):
// compiled to CommonJS for the tests. @fastify/static (Swagger UI assets) needs content-disposition 3; @fastify/cookie needs cookie 2.
const ESM_ONLY = ['content-disposition', 'cookie'];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  [`/node_modules/.*/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, diagnostics: false }],
};
const transformIgnorePatterns = [`/node_modules/(?!(.*/)?(${ESM_ONLY.join("|")})/)`];
const base = { rootDir: __dirname, moduleFileExtensions: ['js', 'json', 'ts'], testEnvironment: 'node', transform, transformIgnorePatterns, moduleNameMapper };

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
