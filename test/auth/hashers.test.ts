// Password hashing: round trips, parameters in the hash, Django's formats and
// vectors, upgrades of weaker hashes on a successful check, unusable passwords.
import { configure, resetSettings } from '../../src/conf/settings';
import {
  checkPassword,
  getHasher,
  identifyHasher,
  isPasswordUsable,
  makePassword,
  PBKDF2PasswordHasher,
  ScryptPasswordHasher,
} from '../../src/contrib/auth/hashers';

class FastScrypt extends ScryptPasswordHasher {
  workFactor = 2 ** 10;
}
class FasterScrypt extends ScryptPasswordHasher {
  workFactor = 2 ** 9;
}
class FastPBKDF2 extends PBKDF2PasswordHasher {
  iterations = 1000;
}

beforeEach(() => {
  resetSettings();
  configure({ SECRET_KEY: 'test', PASSWORD_HASHERS: [FastScrypt, FastPBKDF2] });
});

describe('scrypt (the default)', () => {
  it('round-trips and records N, r and p in the hash', async () => {
    const encoded = await makePassword('lètmein');
    const [algorithm, salt, n, r, p, hash] = encoded.split('$');
    expect([algorithm, n, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(salt.length).toBeGreaterThanOrEqual(22);
    expect(Buffer.from(hash, 'base64')).toHaveLength(64);
    expect(await checkPassword('lètmein', encoded)).toBe(true);
    expect(await checkPassword('letmein', encoded)).toBe(false);
    expect(await makePassword('lètmein')).not.toBe(encoded);
  });

  it("matches Django's ScryptPasswordHasher vector", async () => {
    const django = 'scrypt$seasalt$16384$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==';
    expect(await new ScryptPasswordHasher().encode('lètmein', 'seasalt')).toBe(django);
    expect(await checkPassword('lètmein', django)).toBe(true);
  });
});

describe('PBKDF2-SHA256', () => {
  it("matches Django's vector, so Django hashes import", async () => {
    const django = 'pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY=';
    expect(await new PBKDF2PasswordHasher().encode('lètmein', 'seasalt', 10000)).toBe(django);
    expect(await checkPassword('lètmein', django)).toBe(true);
    expect(await checkPassword('lètmeinz', django)).toBe(false);
  });

  it('hashes with the first hasher when it is PBKDF2', async () => {
    configure({ SECRET_KEY: 'test', PASSWORD_HASHERS: [FastPBKDF2] });
    expect(await makePassword('x', 'salt')).toMatch(/^pbkdf2_sha256\$1000\$salt\$/);
    expect(identifyHasher('pbkdf2_sha256$1000$salt$abc')).toBe(getHasher());
  });
});

describe('upgrades on a successful check', () => {
  it('calls the setter when the work factor changed, or the hash is from another hasher', async () => {
    const old = await new FasterScrypt().encode('secret', 'somesalt');
    const setter = jest.fn();
    expect(await checkPassword('secret', old, setter)).toBe(true);
    expect(setter).toHaveBeenCalledWith('secret');

    const pbkdf2 = await new FastPBKDF2().encode('secret', 'somesalt');
    const second = jest.fn();
    expect(await checkPassword('secret', pbkdf2, second)).toBe(true);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('does not call it for a current hash, or for a wrong password', async () => {
    const setter = jest.fn();
    const current = await makePassword('secret');
    expect(await checkPassword('secret', current, setter)).toBe(true);
    expect(await checkPassword('wrong', await new FasterScrypt().encode('secret', 'somesalt'), setter)).toBe(false);
    expect(setter).not.toHaveBeenCalled();
  });

  it('flags PBKDF2 hashes with another iteration count', () => {
    const hasher = new FastPBKDF2();
    expect(hasher.mustUpdate('pbkdf2_sha256$1000$s$h')).toBe(false);
    expect(hasher.mustUpdate('pbkdf2_sha256$999$s$h')).toBe(true);
  });
});

describe('unusable and malformed passwords', () => {
  it('never match', async () => {
    const unusable = await makePassword(null);
    expect(unusable.startsWith('!')).toBe(true);
    expect(isPasswordUsable(unusable)).toBe(false);
    expect(await checkPassword('', unusable)).toBe(false);
    expect(await checkPassword('x', null)).toBe(false);
    expect(await checkPassword('x', 'md5$nothere$abc')).toBe(false);
    expect(await checkPassword('x', 'scrypt$garbage')).toBe(false);
    expect(await checkPassword(null, await makePassword('x'))).toBe(false);
  });

  it('still run the preferred hasher once, so refusing them takes as long as a wrong password (CVE-2024-39329)', async () => {
    let hashed = 0;
    class CountingScrypt extends FastScrypt {
      override async encode(password: string, salt: string): Promise<string> {
        hashed++;
        return super.encode(password, salt);
      }
    }
    configure({ SECRET_KEY: 'test', PASSWORD_HASHERS: [CountingScrypt, FastPBKDF2] });
    const usable = await makePassword('x');
    const refusals: Array<[unknown, unknown]> = [['x', await makePassword(null)], ['x', null], ['x', ''], ['x', 'md5$nothere$abc'], ['x', 'scrypt$garbage'], [null, usable]];
    for (const [password, encoded] of refusals) {
      hashed = 0;
      expect(await checkPassword(password as string | null, encoded as string | null)).toBe(false);
      expect([encoded, hashed]).toEqual([encoded, 1]);
    }
  });

  it('refuses salts with the separator', async () => {
    await expect(makePassword('x', 'a$b')).rejects.toThrow('without "$"');
  });
});

it('names an unknown hasher setting with the known ones', async () => {
  configure({ SECRET_KEY: 'test', PASSWORD_HASHERS: ['hyperdjango.auth.BcryptHasher'] });
  await expect(makePassword('x')).rejects.toThrow("PASSWORD_HASHERS: 'hyperdjango.auth.BcryptHasher' is not a framework class.");
});
