/** `file is 11.0 MiB, larger than the 10.0 MiB limit`, the same words wherever a size is refused. */
export function sizeLimitReason(
  bytes: number,
  limit: number,
  option?: string,
): string {
  return `file is ${mebibytes(bytes)} MiB, larger than the ${mebibytes(
    limit,
  )} MiB limit${option ? ` (${option})` : ''}`;
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
