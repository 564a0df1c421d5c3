// Public API of src/store/: the store ports and the in-memory defaults. The conformance suite
// for adapters lives in `twofold/testing` (it needs node:test).
export {
  createMemoryAppStore,
  createMemoryKeyStore,
  createMemoryStores,
  createMemoryUserStore,
} from './memory.ts';
export type { MemoryAppStore, MemoryKeyStore, MemoryStores, MemoryUserStore } from './memory.ts';
export type {
  AppChanges,
  AppRateLimit,
  AppRecord,
  AppStore,
  KeyChanges,
  KeyRecord,
  KeyStore,
  RecordStatus,
  Stores,
  UserChanges,
  UserRecord,
  UserStore,
} from './types.ts';
