/**
 * Vietnamese mobile numbers. Since the 2018 renumbering every mobile number has ten digits
 * nationally: 0 followed by 3, 5, 7, 8 or 9 and eight more digits (Viettel 03x/09x, Vinaphone
 * 08x/09x, MobiFone 07x/09x, Vietnamobile 05x, Gmobile 059…). People write them as 0912 345 678,
 * 0912.345.678, +84 912 345 678 or 84912345678; the providers want one form.
 */

/** The nine digits after the country code (912345678), or null when it is not a Vietnamese mobile number. */
export function vietnameseMobileDigits(input: string): string | null {
  if (input.length > 32) return null;
  // People write separators; nothing else may appear.
  const compact = input.replace(/[\s.()-]/g, '');
  let rest: string;
  if (compact.startsWith('+84')) rest = compact.slice(3);
  else if (compact.startsWith('84') && compact.length === 11) rest = compact.slice(2);
  else if (compact.startsWith('0')) rest = compact.slice(1);
  else return null;
  if (!/^[35789][0-9]{8}$/.test(rest)) return null;
  return rest;
}

/** 0912345678: the national form (eSMS's examples use it). */
export function nationalForm(input: string): string | null {
  const digits = vietnameseMobileDigits(input);
  return digits === null ? null : `0${digits}`;
}

/** 84912345678: the international form without "+" (Zalo ZNS wants it). */
export function internationalForm(input: string): string | null {
  const digits = vietnameseMobileDigits(input);
  return digits === null ? null : `84${digits}`;
}
