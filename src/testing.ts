// twofold/testing: conformance suites for store adapters (registers node:test tests).
export {};
