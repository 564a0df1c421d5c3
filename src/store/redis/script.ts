// Talking to Redis through the user's own client: one function that sends a command, a
// deadline on every command so that a silent server cannot hold a request, and scripts called by
// their SHA-1 (EVALSHA), falling back to EVAL when the server lacks them (NOSCRIPT: after a
// restart or a failover, or on another node of a cluster). EVAL caches the script again.
import { AuthError } from '../../errors.ts';
import { Deadlines } from './deadline.ts';

/**
 * Sends one command and resolves with its reply: the single thing twofold needs from a Redis
 * client. `key` is the one key the command touches (route on it in a cluster).
 *
 * @example
 * ```ts
 * const send: RedisSend = (command, args) => client.sendCommand([command, ...args]);
 * ```
 */
export type RedisSend = (command: string, args: readonly string[], key: string) => Promise<unknown>;

/**
 * Options shared by every Redis store.
 *
 * @example
 * ```ts
 * const options: RedisStoreOptions = { send, prefix: 'myapi:', timeoutMs: 250 };
 * ```
 */
export interface RedisStoreOptions {
  /** Sends a command through your client; see {@link RedisSend} and the README. */
  readonly send: RedisSend;
  /** Prepended to every key. Default `'twofold:'`. */
  readonly prefix?: string;
  /** A command unanswered after this many ms fails (`ERR_STORE_UNAVAILABLE`), at most a
   * quarter later. Default 1,000; 0 turns the deadline off (then rely on your client's). */
  readonly timeoutMs?: number;
}

/**
 * A Lua script and the SHA-1 of its source (pinned by a test).
 *
 * @example
 * ```ts
 * const ping: RedisScript = { source: "return 'PONG'", sha: '<sha1 of the source>' };
 * await redis.run(ping, key, []);
 * ```
 */
export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

/**
 * What the stores use: commands and scripts on one key each, failures as AuthErrors.
 *
 * @example
 * ```ts
 * const redis: Commander = createCommander({ send, prefix: 'myapi:' });
 * await redis.send('GET', [`${redis.prefix}jti:${jti}`], `${redis.prefix}jti:${jti}`);
 * ```
 */
export interface Commander {
  readonly prefix: string;
  send(command: string, args: readonly string[], key: string): Promise<unknown>;
  /** Runs `script` with KEYS = [key] and ARGV = argv. */
  run(script: RedisScript, key: string, argv: readonly string[]): Promise<unknown>;
}

/**
 * Checks the options once and builds the commander.
 *
 * @example
 * ```ts
 * const redis = createCommander({ send, timeoutMs: 500 });
 * await redis.run(gcraScript, bucketKey, argv); // EVALSHA, then EVAL on NOSCRIPT
 * ```
 */
export function createCommander(options: RedisStoreOptions): Commander {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('expected Redis store options to be an object');
  }
  const { send: user, prefix = 'twofold:', timeoutMs = 1_000 } = options;
  if (typeof user !== 'function') throw new TypeError('expected send to be a function');

  if (typeof prefix !== 'string') throw new TypeError('expected prefix to be a string');

  if (!(Number.isSafeInteger(timeoutMs) && timeoutMs >= 0 && timeoutMs <= 2 ** 31 - 1)) {
    throw new RangeError('expected timeoutMs to be an integer from 0 to 2^31 - 1');
  }

  const deadlines = timeoutMs === 0 ? undefined : new Deadlines(timeoutMs, expired(timeoutMs));
  // One promise per command: the reply, a store error, or the deadline, whichever comes first.
  const send = (command: string, args: readonly string[], key: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      let reply: Promise<unknown>;
      try {
        reply = Promise.resolve(user(command, args, key));
      } catch (error) {
        reject(storeError(error));
        return;
      }
      if (deadlines === undefined) {
        reply.then(resolve, (error: unknown) => reject(storeError(error)));
        return;
      }
      const pending = deadlines.add(reject, command);
      reply.then(
        (value) => {
          deadlines.remove(pending);
          resolve(value);
        },
        (error: unknown) => {
          deadlines.remove(pending);
          reject(storeError(error));
        },
      );
    });

  const run = (script: RedisScript, key: string, argv: readonly string[]) =>
    send('EVALSHA', [script.sha, '1', key, ...argv], key).catch((error: AuthError) => {
      if (!isNoScript(error.cause)) throw error;
      return send('EVAL', [script.source, '1', key, ...argv], key);
    });

  return { prefix, send, run };
}

const storeError = (cause: unknown): AuthError =>
  new AuthError('ERR_STORE_UNAVAILABLE', 'redis command failed', { cause });

const expired = (ms: number) => (command: string): AuthError =>
  new AuthError('ERR_STORE_UNAVAILABLE', `redis did not answer ${command} within ${ms} ms`);

/** node-redis and ioredis both reject with the server's reply as the message. */
const isNoScript = (error: unknown): boolean =>
  String((error as { message?: unknown } | null)?.message).startsWith('NOSCRIPT');
