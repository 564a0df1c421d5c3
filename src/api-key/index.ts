export { generateApiKey } from './generate.ts';
export type { GenerateApiKeyOptions, GeneratedApiKey } from './generate.ts';
export { createApiKeyHasher, hashApiKey } from './hash.ts';
export type { ApiKeyHasher, ApiKeyHasherOptions } from './hash.ts';
export { createApiKeyParser, parseApiKey } from './parse.ts';
export type { ApiKeyParser, ApiKeyParserOptions, ParsedApiKey } from './parse.ts';
