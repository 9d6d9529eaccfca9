/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setupEnv.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // ccxt's CommonJS build requires @noble/@scure, which ship only as ES modules: compile those to CommonJS so
    // end-to-end tests can drive the reference client in-process.
    '^.+/node_modules/@(noble|scure)/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // A test that fails half-way can leave a loop or a socket running (a watcher, a client's reconnect timer): Jest
  // would then wait for it after the run and CI would time out instead of reporting the failure. Tests still
  // close what they open; this only keeps a failed run's report from being lost.
  forceExit: true,
};
