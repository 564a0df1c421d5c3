// Public API of src/api-key/: key format, parsing, hashing at rest, verification and admin.
export { createApiKeyAdmin } from './admin.ts';
export type { ApiKeyAdmin, ApiKeyAdminOptions, IssuedApiKey, NewApp } from './admin.ts';
export { generateApiKey } from './generate.ts';
export type { GenerateApiKeyOptions, GeneratedApiKey } from './generate.ts';
export { createApiKeyHasher, hashApiKey } from './hash.ts';
export type { ApiKeyHasher, ApiKeyHasherOptions } from './hash.ts';
export { createApiKeyParser, parseApiKey } from './parse.ts';
export type { ApiKeyParser, ApiKeyParserOptions, ParsedApiKey } from './parse.ts';
export { createApiKeyVerifier } from './verify.ts';
export type { ApiKeyResult, ApiKeyVerifier, ApiKeyVerifierOptions } from './verify.ts';
