// Lookups in the importers' constant tables by text read from the input: only a table's own
// keys match, so "constructor", "toString" or "__proto__" are unknown values like any other
// (a plain `table[key]` would return Object.prototype's members for them).

export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
