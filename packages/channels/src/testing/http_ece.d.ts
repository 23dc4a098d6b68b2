// http_ece ships no types; this is the part the push receiver uses.
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';
  interface EceParams {
    version?: 'aes128gcm' | 'aesgcm';
    privateKey?: ECDH;
    /** base64url or bytes */
    authSecret?: string | Buffer;
    dh?: string | Buffer;
    keyid?: string;
    key?: string | Buffer;
  }
  const ece: {
    decrypt(buffer: Buffer, params: EceParams): Buffer;
    encrypt(buffer: Buffer, params: EceParams): Buffer;
  };
  export default ece;
}
