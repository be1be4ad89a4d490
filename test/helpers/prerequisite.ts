// Tests that need something beyond `npm ci && npm run build` (another Node binary, a prebuild): outside CI they
// skip and say why on stderr; with CI=true a missing prerequisite fails the file, so CI runs them all.
export function missingPrerequisite(what: string, present: boolean, howToGetIt: string): boolean {
  if (present) return false;
  const message = `${what} is missing; ${howToGetIt}`;
  if (process.env.CI === 'true') throw new Error(`CI must provide it: ${message}`);
  console.warn(`skipped: ${message}`);
  return true;
}
