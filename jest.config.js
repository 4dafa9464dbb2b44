/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // variant files import the public API by the package's name
  moduleNameMapper: { '^frostcheck$': '<rootDir>/model/api.ts' },
  testTimeout: 600000,
  // the machines have two cores; the heavy suites are CPU-bound
  maxWorkers: 2,
};
