// Encoding helpers for the portable suite, on what every runtime has (TextEncoder, btoa, atob):
// Buffer is Node's, so the suite cannot use it.

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlToBytes(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** base64url of the UTF-8 bytes of `text`: a JWS segment for hand-made headers and payloads. */
export function segment(text: string): string {
  return bytesToBase64url(new TextEncoder().encode(text));
}

/** The JSON object in a JWS segment. */
export function decodeSegment(part: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(base64urlToBytes(part))) as Record<string, unknown>;
}
