// The message of an error from a native distributed call, without the addon's "tstorch.<function>: " prefix,
// so the TypeScript caller can name itself instead.
export function nativeMessage(e: unknown): string {
  return (e as Error).message.replace(/^tstorch\.dist\w+: /, '');
}
