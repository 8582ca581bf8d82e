// Cabinet numbers and lamp ids as the operator types them ("0, 3, 12"), read into a staged change's target;
// checks against the city are the core's (checkChange), which names the cabinet or lamp that is missing.

const partsOf = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** Distinct cabinet indices in the order typed; null when a part is not a whole number or nothing is typed. */
export function parseCabinetList(text: string): number[] | null {
  const parts = partsOf(text);
  if (!parts.length || parts.some((p) => !/^\d{1,6}$/.test(p))) return null;
  return [...new Set(parts.map(Number))];
}

/** Distinct lamp ids in the order typed; null when nothing is typed. */
export function parseLampList(text: string): string[] | null {
  const parts = partsOf(text);
  return parts.length ? [...new Set(parts)] : null;
}

/** The list with one more id at its end (unchanged when it is there already). */
export function withLamp(text: string, id: string): string {
  const parts = partsOf(text);
  return parts.includes(id) ? parts.join(', ') : [...parts, id].join(', ');
}
