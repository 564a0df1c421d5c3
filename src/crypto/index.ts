// The provider the package's export conditions chose for this runtime: `node:crypto` where the
// runtime has it (Node, Bun, Deno), the portable one elsewhere (browsers, workerd).
export { defaultCrypto } from '#crypto';
export type { CryptoProvider, HmacSha256, ScryptParams } from './types.ts';
