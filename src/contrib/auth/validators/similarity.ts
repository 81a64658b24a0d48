// Python's SequenceMatcher.quick_ratio(), which Django's similarity validator uses: an
// upper bound on how alike two strings are, from the characters they share
// (as a multiset), regardless of order: 2 * shared / (len(a) + len(b)).
export function quickRatio(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  if (!left.length && !right.length) return 1;
  const available = new Map<string, number>();
  for (const char of right) available.set(char, (available.get(char) ?? 0) + 1);
  let matches = 0;
  for (const char of left) {
    const count = available.get(char) ?? 0;
    if (count > 0) {
      matches += 1;
      available.set(char, count - 1);
    }
  }
  return (2 * matches) / (left.length + right.length);
}

/**
 * Django's shortcut: a value much shorter than the password cannot make it similar
 * enough, so the ratio is not worth computing.
 */
export function exceedsMaximumLengthRatio(password: string, maxSimilarity: number, value: string): boolean {
  const passwordLength = [...password].length;
  const valueLength = [...value].length;
  return passwordLength >= 10 * valueLength && valueLength < (maxSimilarity / 2) * passwordLength;
}
