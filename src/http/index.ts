// Public API of the HTTP adapters.
export { problemResponse, withGuard } from './fetch.ts';
export type { AuthenticatedHandler } from './fetch.ts';
export { readBearer, readHeader } from './headers.ts';
export type { HeaderSource } from './headers.ts';
export { guardMiddleware, writeProblem } from './node.ts';
export type { NodeRequestLike, NodeResponseLike } from './node.ts';
export { bearerChallenge, problemFor, statusForCode } from './problem.ts';
export type { Problem } from './problem.ts';
