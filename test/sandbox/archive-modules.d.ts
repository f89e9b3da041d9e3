// Asset archives imported as bytes by the sandbox tests (wrangler.toml's Data rules).
declare module "*.tar" {
  const bytes: ArrayBuffer;
  export default bytes;
}
declare module "*.tgz" {
  const bytes: ArrayBuffer;
  export default bytes;
}
declare module "*.zip" {
  const bytes: ArrayBuffer;
  export default bytes;
}
