/** Identifiers shaped like Fly's: machine ids, version ULIDs, generated names, 6PN addresses. */
import { randomBytes, randomInt } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 14 lowercase hex characters, like `e784079b449483`. */
export function newMachineId(): string {
  return randomBytes(7).toString('hex');
}

/** A 26-character ULID (time + randomness), the format of machine versions and event ids. */
export function newUlid(nowMs: number = Date.now()): string {
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let random = '';
  for (const byte of randomBytes(16)) random += CROCKFORD.charAt(byte % 32);
  return time + random;
}

/** An app id like Fly's opaque ids. */
export function newAppId(): string {
  return randomBytes(10).toString('base64url').replace(/[-_]/g, 'x');
}

const ADJECTIVES = [
  'billowing',
  'snowy',
  'young',
  'quiet',
  'purple',
  'restless',
  'lively',
  'ancient',
];
const NOUNS = ['dust', 'darkness', 'sound', 'meadow', 'river', 'flower', 'thunder', 'frost'];

/** A generated machine name like `snowy-darkness-7271`. */
export function newMachineName(): string {
  const adjective = ADJECTIVES[randomInt(ADJECTIVES.length)] ?? 'quiet';
  const noun = NOUNS[randomInt(NOUNS.length)] ?? 'river';
  return `${adjective}-${noun}-${randomInt(1000, 10000)}`;
}

/** A private 6PN (IPv6) address. */
export function newPrivateIp(): string {
  const hex = (): string => randomInt(0, 0x10000).toString(16);
  return `fdaa:0:${hex()}:a7b:${hex()}:${hex()}:${hex()}:2`;
}
