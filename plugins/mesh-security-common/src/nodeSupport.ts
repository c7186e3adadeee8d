/**
 * Whether a Node.js version satisfies a package's `engines.node` range, for
 * the forms our packages use: `22 || 24`, `>=22`, `^22`, `22.x`. The CLI and
 * the backend refuse to run outside it: an older runtime lacks APIs the engine
 * relies on (e.g. `X509Certificate.validToDate`), and a missing API must never
 * turn into a silently skipped check.
 * @public
 */
export function nodeVersionSupported(version: string, range: string): boolean {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (!Number.isInteger(major)) return false;
  return range.split('||').some(part => {
    const alt = part.trim();
    const min = /^>=\s*(\d+)/.exec(alt);
    if (min) return major >= Number(min[1]);
    const exact = /^[~^]?(\d+)(?:\.[x*\d]+)*$/.exec(alt);
    return exact ? major === Number(exact[1]) : false;
  });
}

/** The one line to print when the running Node is outside the range, else undefined. @public */
export function unsupportedNodeMessage(
  what: string,
  version: string,
  range: string,
): string | undefined {
  return nodeVersionSupported(version, range)
    ? undefined
    : `${what} needs Node.js ${range} (package.json "engines"); this is Node.js ${version}.`;
}
