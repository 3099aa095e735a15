/**
 * Sealed links: how one subgraph hands the gateway a link to a person whose full ID the asker may
 * not read (domain.md section 5: a platform sees a shop operator's name and masked ID, never the
 * full ID), so that the asker can still open the person's file and read what its column allows.
 *
 * A person's federation key is the citizen ID, and the gateway joins on it: a link that carried it
 * would show it to the asker in `creditCode`. So such a link carries a sealed key instead,
 * `sealed:<base64url>`, which every subgraph opens back into the citizen ID before it resolves the
 * person, and hands back unchanged as the person's `creditCode`. The seal is AES-256-GCM under the
 * hub's link key (HUB_LINK_KEY, shared by the subgraphs, never by the gateway or a client):
 * - it hides the ID: the asker reads an opaque value that names no one;
 * - it is bound to the asker: its additional data is the asker's identity, so a sealed key copied
 *   to another client, or to another purpose, opens to nothing;
 * - it is fresh: a random nonce, so the same person linked twice gives two unrelated values (an
 *   asker cannot tell that two shops have one operator), and it expires after LINK_TTL_SECONDS,
 *   long enough for the gateway to finish the request that made it;
 * - a sealed key that does not open (tampered, expired, another asker's) resolves to no person,
 *   exactly like a citizen ID with no file would to an asker that may not know of one.
 * A client can never hand a sealed key in itself: root fields take citizen IDs, validated as such.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Viewer } from './viewer.ts';

export const SEALED_PREFIX = 'sealed:';

/** How long a sealed key opens after it was made: the request that made it, with room to spare. */
export const LINK_TTL_SECONDS = 600;

/**
 * The key the development hub and the tests share: public (it is in this repository), so never
 * accepted in production, where the subgraphs refuse to start without HUB_LINK_KEY.
 */
export const DEVELOPMENT_LINK_SECRET = 'credithub development link key: public, never used in production';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CODE_BYTES = 18;

export interface Links {
  /** A key that opens the person's file to this asker only, without naming them. */
  seal(code: string, viewer: Viewer): string;
  /**
   * The citizen ID a person reference stands for: the reference itself when it is not sealed,
   * the sealed ID when it opens for this asker, null when it does not.
   */
  open(key: string, viewer: Viewer): string | null;
}

/** Who the seal is bound to: the asker, under its purpose. */
function boundTo(viewer: Viewer): Buffer {
  return Buffer.from(viewer.kind === 'CLIENT' ? `client:${viewer.client}:${viewer.purpose}` : `subject:${viewer.subject}`, 'utf8');
}

/** The sealing key, derived from the configured secret (at least 32 characters). */
export function linkKeyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), Buffer.from('credithub sealed person links v1'), 32));
}

export function createLinks(secret: string, nowSeconds: () => number = () => Math.floor(Date.now() / 1000)): Links {
  const key = linkKeyOf(secret);
  return {
    seal(code, viewer) {
      if (code.length !== CODE_BYTES) throw new RangeError('a sealed link holds an 18-character citizen ID');
      const plain = Buffer.alloc(CODE_BYTES + 4);
      plain.write(code, 0, 'latin1');
      plain.writeUInt32BE(nowSeconds() >>> 0, CODE_BYTES);
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(boundTo(viewer));
      const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return SEALED_PREFIX + sealed.toString('base64url');
    },
    open(ref, viewer) {
      if (!ref.startsWith(SEALED_PREFIX)) return ref;
      const sealed = Buffer.from(ref.slice(SEALED_PREFIX.length), 'base64url');
      if (sealed.length !== NONCE_BYTES + CODE_BYTES + 4 + TAG_BYTES) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
        decipher.setAAD(boundTo(viewer));
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
        const age = nowSeconds() - plain.readUInt32BE(CODE_BYTES);
        if (age < -60 || age > LINK_TTL_SECONDS) return null;
        return plain.toString('latin1', 0, CODE_BYTES);
      } catch {
        return null;
      }
    },
  };
}
