/**
 * Subject globs: `namespace/name` with `*` for any characters except `/`, so
 * `shop/*` never reaches into another namespace and `*` never reads as "all".
 * Returns why a glob is unusable, or undefined.
 */
const SEGMENT = /^[a-z0-9.*-]*$/;

export function subjectGlobProblem(glob: string): string | undefined {
  const shape =
    'must be "namespace/name" ("/name" for a Namespace), with "*" matching any characters except "/"';
  const parts = glob.split('/');
  if (parts.length !== 2 || parts[1] === '')
    return `subject "${glob}" ${shape}`;
  if (glob.includes('**'))
    return `subject "${glob}": "**" is not a wildcard here; "*" already matches any characters except "/"`;
  if (!parts.every(part => SEGMENT.test(part)))
    return `subject "${glob}": only lowercase letters, digits, ".", "-" and the wildcard "*" are allowed`;
  return undefined;
}

/** A matcher for a glob that {@link subjectGlobProblem} accepted. */
export function subjectMatcher(glob: string): (subject: string) => boolean {
  if (!glob.includes('*')) return subject => subject === glob;
  const pattern = glob
    .split('*')
    .map(part => part.replace(/[.\\^$+?()[\]{}|-]/g, '\\$&'))
    .join('[^/]*');
  const regex = new RegExp(`^${pattern}$`);
  return subject => regex.test(subject);
}
