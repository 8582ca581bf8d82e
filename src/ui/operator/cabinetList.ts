// Cabinet numbers as the operator types them ("0, 3, 12"), read into indices for a staged change;
// range checks against the city are the core's (checkChange), which names the cabinet that is missing.

/** Distinct cabinet indices in the order typed; null when a part is not a whole number or nothing is typed. */
export function parseCabinetList(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length || parts.some((p) => !/^\d{1,6}$/.test(p))) return null;
  return [...new Set(parts.map(Number))];
}
