/**
 * Content types given as a bare extension (`mchattr -H 'content-type: jpg'`). muskie ran every
 * content-type without a `/` through `mime.lookup`, so `jpg`, `.jpg` and `photo.jpg` were
 * stored as image/jpeg, and anything it did not know as application/octet-stream. The table
 * holds the common types as mime 1.x names them (the module node-manta labels uploads with),
 * rather than a dependency with a thousand entries.
 */
const TYPES: Record<string, string> = {
  "7z": "application/x-7z-compressed",
  avi: "video/x-msvideo",
  bmp: "image/bmp",
  bz2: "application/x-bzip2",
  c: "text/x-c",
  conf: "text/plain",
  css: "text/css",
  csv: "text/csv",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  epub: "application/epub+zip",
  flac: "audio/x-flac",
  gif: "image/gif",
  gz: "application/gzip",
  h: "text/x-c",
  htm: "text/html",
  html: "text/html",
  ico: "image/x-icon",
  ics: "text/calendar",
  java: "text/x-java-source",
  jpe: "image/jpeg",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  js: "application/javascript",
  json: "application/json",
  log: "text/plain",
  markdown: "text/markdown",
  md: "text/markdown",
  mjs: "application/javascript",
  mov: "video/quicktime",
  mp3: "audio/mpeg",
  mp4: "video/mp4",
  mpeg: "video/mpeg",
  mpg: "video/mpeg",
  ogg: "audio/ogg",
  otf: "font/otf",
  pdf: "application/pdf",
  png: "image/png",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  rtf: "application/rtf",
  sh: "application/x-sh",
  svg: "image/svg+xml",
  tar: "application/x-tar",
  text: "text/plain",
  tif: "image/tiff",
  tiff: "image/tiff",
  tsv: "text/tab-separated-values",
  ttf: "font/ttf",
  txt: "text/plain",
  wasm: "application/wasm",
  wav: "audio/wav",
  webm: "video/webm",
  webp: "image/webp",
  woff: "font/woff",
  woff2: "font/woff2",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  xml: "application/xml",
  xz: "application/x-xz",
  yaml: "text/yaml",
  yml: "text/yaml",
  zip: "application/zip",
};

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/** A content-type as stored: a `type/subtype` value unchanged, anything else looked up as an extension. */
export function mediaType(value: string): string {
  if (/.+\/.+/.test(value)) return value;
  const ext = value.replace(/^.*[./\\]/, "").toLowerCase();
  return TYPES[ext] ?? DEFAULT_CONTENT_TYPE;
}
