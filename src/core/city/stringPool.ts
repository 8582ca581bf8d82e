// Interned strings (street names, external ids) shared by every table of a city model.
// Tables store an index into the pool; -1 means no string.

export class StringPool {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}
