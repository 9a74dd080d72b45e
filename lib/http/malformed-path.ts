/**
 * Whether a request path has percent-encoding that does not decode (`/inbox/%E0%A4`: half a UTF-8
 * character). Next's router throws on such a path and answers a bare 500; it is the client's
 * mistake, so the server refuses it with a 400 before it gets there.
 */
export function malformedPath(path: string): boolean {
  if (!path.includes("%")) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
