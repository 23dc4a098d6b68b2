/** Small inline icons (no icon font, no CDN). Decorative: the text next to them carries the meaning. */
export type IconName = 'check' | 'clock' | 'dash' | 'flag';

const PATHS: Record<IconName, string> = {
  check: 'M4 10.5l4 4 8-9',
  clock: 'M10 5v5l3 2 M10 2a8 8 0 1 0 0.01 0',
  dash: 'M5 10h10',
  flag: 'M5 18V3 M5 3h10l-2 4 2 4H5',
};

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className={`icon icon--${name}`} viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
