import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthError } from '../../src/errors.ts';
import { nodeCrypto } from '../../src/crypto/node.ts';
import { portableCrypto } from '../../src/crypto/portable.ts';
import { fromHex } from '../../src/lib/bytes.ts';
import { createPasswordHasher } from '../../src/password/index.ts';
import { formatPhc, parsePhc } from '../../src/password/phc.ts';

const fast = createPasswordHasher({ iterations: 1000 });

// RFC 7914 §11: PBKDF2-HMAC-SHA256("passwd", "salt", c = 1), first 32 bytes.
const PBKDF2_VECTOR = '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc';
// RFC 7914 §12: scrypt("password", "NaCl", N = 1024, r = 8, p = 16, dkLen = 64).
const SCRYPT_VECTOR =
  'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162' +
  '2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640';

const bytes = (s: string) => new TextEncoder().encode(s);

const rejectsWith = async (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => e instanceof AuthError && e.code === code);

describe('createPasswordHasher', () => {
  it('hashes to a PHC string and verifies the same password only', async () => {
    const stored = await fast.hash('correct horse battery staple');
    assert.match(stored, /^\$pbkdf2-sha256\$i=1000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(await fast.verify('correct horse battery staple', stored), true);
    assert.equal(await fast.verify('correct horse battery stapler', stored), false);
  });

  it('salts every hash afresh', async () => {
    assert.notEqual(await fast.hash('same'), await fast.hash('same'));
  });

  it('verifies the RFC 7914 PBKDF2-HMAC-SHA256 known answer', async () => {
    const phc = formatPhc('pbkdf2-sha256', [['i', 1]], bytes('salt'), fromHex(PBKDF2_VECTOR)!);
    assert.equal(await fast.verify('passwd', phc), true);
    assert.equal(await fast.verify('passwe', phc), false);
  });

  it('verifies the RFC 7914 scrypt known answer with the node provider', async () => {
    const hasher = createPasswordHasher({ crypto: nodeCrypto, iterations: 1000 });
    const phc = formatPhc('scrypt', [['ln', 10], ['r', 8], ['p', 16]], bytes('NaCl'),
      fromHex(SCRYPT_VECTOR)!);
    assert.equal(await hasher.verify('password', phc), true);
    assert.equal(await hasher.verify('passwore', phc), false);
  });

  it('hashes with scrypt when asked, and needsRehash flags the old algorithm', async () => {
    const hasher = createPasswordHasher({ algorithm: 'scrypt', scrypt: { ln: 10, r: 8, p: 1 } });
    const stored = await hasher.hash('pw');
    assert.match(stored, /^\$scrypt\$ln=10,r=8,p=1\$/);
    assert.equal(await hasher.verify('pw', stored), true);
    assert.equal(hasher.needsRehash(stored), false);
    assert.equal(hasher.needsRehash(await fast.hash('pw')), true);
  });

  it('needsRehash is true for fewer iterations than the current policy', async () => {
    const old = await fast.hash('pw');
    assert.equal(createPasswordHasher({ iterations: 2000 }).needsRehash(old), true);
    assert.equal(createPasswordHasher({ iterations: 1000 }).needsRehash(old), false);
    assert.equal(fast.needsRehash('not a hash'), true);
  });

  it('normalises Unicode (NFC) so composed and decomposed forms match', async () => {
    const stored = await fast.hash('caf\u00e9');
    assert.equal(await fast.verify('cafe\u0301', stored), true);
  });

  it('refuses passwords over the byte cap before hashing', async () => {
    const hasher = createPasswordHasher({ iterations: 1000, maxPasswordBytes: 16 });
    await rejectsWith(hasher.hash('x'.repeat(17)), 'ERR_PASSWORD_TOO_LONG');
    const stored = await hasher.hash('x'.repeat(16));
    await rejectsWith(hasher.verify('é'.repeat(9), stored), 'ERR_PASSWORD_TOO_LONG');
  });

  it('rejects malformed or unsupported stored hashes with ERR_PASSWORD_HASH_INVALID', async () => {
    const good = await fast.hash('pw');
    const bad = [
      '',
      'plain',
      good.replace('pbkdf2-sha256', 'md5'),
      good.replace('i=1000', 'i=01000'),
      good.replace('i=1000', 'i=1000,i=1000'),
      good.replace('i=1000', 'i=99999999'),
      good + '=',
      good.replace(/\$[^$]+$/, '$AAAA'),
    ];
    for (const phc of bad) await rejectsWith(fast.verify('pw', phc), 'ERR_PASSWORD_HASH_INVALID');
  });

  it('verifyDummy costs a verification and resolves to false', async () => {
    assert.equal(await fast.verifyDummy('anything'), false);
  });

  it('throws TypeError or RangeError for bad options at creation', () => {
    assert.throws(() => createPasswordHasher({ iterations: 0 }), RangeError);
    assert.throws(() => createPasswordHasher({ iterations: 1.5 }), TypeError);
    assert.throws(() => createPasswordHasher({ algorithm: 'md5' as 'scrypt' }), TypeError);
    assert.throws(
      () => createPasswordHasher({ algorithm: 'scrypt', crypto: portableCrypto }),
      TypeError,
    );
  });
});

describe('parsePhc', () => {
  it('reads the id, integer parameters, salt and hash', () => {
    const phc = parsePhc('$scrypt$ln=10,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA');
    assert.equal(phc?.id, 'scrypt');
    assert.deepEqual([...phc!.params], [['ln', 10], ['r', 8], ['p', 1]]);
    assert.equal(new TextDecoder().decode(phc!.salt), 'saltsalt');
  });

  it('refuses url-safe characters and padding in the base64 fields', () => {
    assert.equal(parsePhc('$scrypt$ln=10$c2Fs-HNhbHQ$aGFzaA'), undefined);
    assert.equal(parsePhc('$scrypt$ln=10$c2FsdA==$aGFzaA'), undefined);
  });
});
