// RFC 7515 Appendix A.1: the HS256 example. The header and payload segments are given verbatim
// (their JSON has CRLF line breaks, so no serializer reproduces them), with the key of A.1's JWK
// and the signature the RFC prints.
export const rfc7515A1: {
  readonly headerB64: string;
  readonly payloadB64: string;
  /** The JWK `k` member (base64url of the 64-byte key). */
  readonly k: string;
  readonly signature: string;
  /** The payload's `exp`, in seconds. */
  readonly exp: number;
} = {
  headerB64: 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9',
  payloadB64:
    'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0' +
    'cnVlfQ',
  k:
    'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
  signature: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  exp: 1300819380,
};
