// The web-standard text codecs exist in every runtime core/ runs on (workerd, Node);
// declared here so core/ needs neither DOM nor Workers types.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
