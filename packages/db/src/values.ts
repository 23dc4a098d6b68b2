/** `Date` → `yyyy-MM-dd` (a DATE column reads back as midnight UTC). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
