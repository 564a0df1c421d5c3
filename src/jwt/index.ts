// Public API of src/jwt/: strict HS256 JWT signing and verification.
export { createJwtSigner, signJwsSegments } from './sign.ts';
export { createJwtVerifier } from './verify.ts';
export type {
  JwtClaims,
  JwtKey,
  JwtSigner,
  JwtSignerOptions,
  JwtVerifier,
  JwtVerifierOptions,
  VerifiedJwtClaims,
} from './types.ts';
